check --no-config --host-caps examples/host-intel.xml examples/win11-virt-install.xml

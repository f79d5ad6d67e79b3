check --no-config --host-caps examples/host-intel.xml -f json examples/win11-virt-install.xml

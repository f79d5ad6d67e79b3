check --no-config --host-caps examples/host-intel.xml --select PIN --fail-on never tests/data/boundaries/threads64.xml

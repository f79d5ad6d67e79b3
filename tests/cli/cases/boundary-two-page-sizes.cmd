check --no-config --host-caps tests/data/boundaries/host-2pages.xml --select MEM --fail-on never tests/data/boundaries/hugepages.xml

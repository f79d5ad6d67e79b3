check --no-config --host-caps tests/data/boundaries/host-3pages.xml --select MEM002 --fail-on never tests/data/boundaries/hugepages-tie.xml

check --no-config --select DSK001 --unsafe-fixes --fix-rounds 1 --diff tests/data/boundaries/disks-past-sdz.xml

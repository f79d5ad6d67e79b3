check --no-config --host-caps tests/data/host-cells0.xml --select pinning examples/win11-tuned.xml

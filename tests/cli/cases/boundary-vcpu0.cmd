check --no-config --select Q00,PIN001 --fail-on never tests/data/boundaries/vcpu0.xml

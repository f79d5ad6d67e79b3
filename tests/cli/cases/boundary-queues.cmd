check --no-config --select Q00,network --fail-on never tests/data/boundaries/queues.xml

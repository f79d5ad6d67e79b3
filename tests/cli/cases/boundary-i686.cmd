check --no-config --guest windows --select all --fail-on never tests/data/boundaries/i686.xml

check --no-config --host-caps examples/host-amd.xml examples/win11-tuned.xml tests/data/seed-template.xml

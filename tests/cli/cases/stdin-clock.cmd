check --no-config --select clock --fail-on info -

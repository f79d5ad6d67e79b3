#!/bin/sh
# Runs every tests/cli/t_*.sh (TAP-style) and the golden cases; fails on any failure.
cd "$(dirname "$0")/../.." || exit 2
status=0
for t in tests/cli/t_*.sh; do
  echo "== $t"
  sh "$t" || status=1
done
echo "== golden"
tests/cli/golden.sh || status=1
exit $status

#!/bin/sh
# Runs every tests/cli/test_*.sh from the repository root. A test exits 0
# (pass), 77 (skipped, with its reason on stdout) or anything else (fail).
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0 fail=0 skip=0 failed=""
for t in tests/cli/test_*.sh; do
  echo "== $t"
  sh "$t"
  rc=$?
  case $rc in
    0) pass=$((pass + 1)) ;;
    77) skip=$((skip + 1)); echo "   (skipped)" ;;
    *) fail=$((fail + 1)); failed="$failed $t" ;;
  esac
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }

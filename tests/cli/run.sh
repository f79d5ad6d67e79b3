#!/bin/sh
# Runs every CLI test from the repository root: tests/cli/t_*.sh and
# tests/cli/test_*.sh (exit 0 pass, 77 skipped with the reason on stdout,
# anything else fail), then the golden cases.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0 fail=0 skip=0 failed=""
for t in tests/cli/t_*.sh tests/cli/test_*.sh; do
  [ -f "$t" ] || continue
  echo "== $t"
  sh "$t"
  rc=$?
  case $rc in
    0) pass=$((pass + 1)) ;;
    77) skip=$((skip + 1)); echo "   (skipped)" ;;
    *) fail=$((fail + 1)); failed="$failed $t" ;;
  esac
done
echo "== golden"
if tests/cli/golden.sh; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed golden"; fi
echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }

#!/bin/sh
# Runs each libFuzzer target for SECONDS on its own corpus (seeded from the
# repository), stopping at the first crash: ci/fuzz.sh SECONDS TARGET...
set -eu
cd "$(dirname "$0")/.."
secs=$1; shift
for t in "$@"; do
  name=$(basename "$t")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  case $name in
    fuzz_check|fuzz_fix) seeds="examples/win11-*.xml tests/data/fix-cli/*.xml" ;;
    fuzz_caps) seeds="examples/host-*.xml tests/data/host-*.xml tests/data/domcaps/*.xml" ;;
    *) seeds="tests/fuzz/seeds/${name#fuzz_}/*" ;;
  esac
  # shellcheck disable=SC2086
  cp $seeds "$corpus/" 2>/dev/null || true
  echo "== $name (${secs} s)"
  "$t" -max_total_time="$secs" -max_len=65536 -timeout=20 -print_final_stats=1 \
    "$corpus" >"build/fuzz/$name.log" 2>&1 || { tail -n 40 "build/fuzz/$name.log"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build/fuzz/$name.log" | tr '\n' ' '
  echo
done

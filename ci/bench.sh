#!/bin/sh
# make bench: every speed and memory target of DESIGN.md as ratios measured
# in one run (ci/bench.py); exits 1 when a target is missed. Not part of
# make check: timings on a shared machine are noisy.
set -eu
cd "$(dirname "$0")/.."
[ -x ./guardian ] || { echo "bench: build guardian first (make)"; exit 2; }
exec python3 ci/bench.py "$@"

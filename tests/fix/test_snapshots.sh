#!/bin/sh
# Fix snapshots: for every fixture tests/data/fix-rules/ID[-variant].xml, the
# exact --diff of rule ID's stylesheet run ALONE and ONCE (--select ID
# --fix-rounds 1), not the converged result of the fixer's re-check rounds,
# so every branch of every stylesheet is pinned: a branch that writes an
# incomplete element, or another default, changes a snapshot even when a
# second round would repair it. Expected: tests/fix/snapshots/NAME.diff and,
# when the fixer says anything on stderr, NAME.err. `make regenerate`
# rewrites them; review the change like code.
. "$(dirname "$0")/../lib.sh"
SNAP=tests/fix/snapshots
for fx in tests/data/fix-rules/*.xml; do
  base=$(basename "$fx" .xml)
  id=${base%%-*}
  # shellcheck disable=SC2046
  "$G" check --no-config $(fixture_args "$fx") --select "$id" --unsafe-fixes --fix-rounds 1 \
    --fail-on never --diff "$fx" >"$TMP/$base.diff" 2>"$TMP/$base.err"
  rc=$?
  if [ $rc -ne 0 ]; then not_ok "$base: guardian exited $rc" "$TMP/$base.err"; continue; fi
  if [ ! -s "$TMP/$base.diff" ]; then not_ok "$base: $id's stylesheet changes nothing" "$TMP/$base.err"; continue; fi
  golden "$SNAP/$base.diff" "$TMP/$base.diff" "$base: --diff of $id alone, once"
  golden_optional "$SNAP/$base.err" "$TMP/$base.err" "$base: fixer notices"
done
# No snapshot without its fixture (a renamed fixture leaves none behind).
for s in "$SNAP"/*.diff; do
  [ -f "$s" ] || continue
  [ -f "tests/data/fix-rules/$(basename "$s" .diff).xml" ] || not_ok "$s has no fixture"
done
finish

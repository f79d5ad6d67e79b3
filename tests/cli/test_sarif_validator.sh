#!/bin/sh
# Runs Microsoft's SARIF validator (`sarif-multitool validate`, pinned in
# tests/tools/package.json, installed by ci/install-deps.sh with `npm ci`)
# over guardian's SARIF: the CLI fixtures, the examples with every rule and
# host facts, a corpus sample, and the unit tests' suppressed-findings log.
# Any validator error fails; warnings are shown. Skips only without npx.
# Slow (about 100 s): part of make check, not make test-fast.
. "$(dirname "$0")/../lib.sh"
OUT=tests/out/cli
mkdir -p "$OUT"
TOOLS=tests/tools
if ! command -v npx > /dev/null 2>&1; then
  skip_all "npx not found: install Node.js and npm (ci/install-deps.sh does) to validate SARIF"
fi
if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ]; then
  echo "installing @microsoft/sarif-multitool into $TOOLS/node_modules"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error) || { not_ok "npm ci in $TOOLS"; finish; }
fi

logs=""
sarif() { # NAME ARGS...
  n=$1; shift
  $G check -q -f sarif -o "$OUT/$n.sarif" "$@" 2> "$OUT/$n.stderr"
  rc=$?
  [ $rc -le 2 ] || not_ok "guardian check $* exited $rc"
  logs="$logs $OUT/$n.sarif"
}
sarif fixtures --select clock tests/cli/data
sarif examples-all --select all --host-caps examples/host-intel.xml examples/win11-*.xml
sarif examples-amd --host-caps examples/host-amd.xml examples/win11-virt-install.xml
sarif empty examples/win11-tuned.xml --select CLK001
CORPUS=${GDN_CORPUS:-../shared/corpus}
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
if [ -d "$CORPUS" ]; then
  find "$CORPUS" -name '*.xml' | sort | head -300 > "$OUT/corpus-sample.list"
  # shellcheck disable=SC2046
  sarif corpus-sample -j 2 $(cat "$OUT/corpus-sample.list")
fi
[ -f tests/out/unit-suppressed.sarif ] && logs="$logs tests/out/unit-suppressed.sarif"

for l in $logs; do
  abs=$(cd "$(dirname "$l")" && pwd)/$(basename "$l")
  (cd "$TOOLS" && npx --no-install @microsoft/sarif-multitool validate --max-file-size-in-kb 200000 "$abs") > "$l.validate" 2>&1
  rc=$?
  grep -E '\): warning ' "$l.validate" | head -5
  if [ $rc -ne 0 ] || grep -qE '\): error |^error|Unhandled exception' "$l.validate" \
     || ! grep -q 'Analysis completed successfully' "$l.validate"; then
    not_ok "validator rejects $l:"; grep -E 'error' "$l.validate" | head -20
  else
    ok "validator accepts $l ($(grep -c '"ruleId"' "$l") results)"
  fi
done
finish

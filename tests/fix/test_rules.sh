#!/bin/sh
# Every fixable rule's fix, end to end through guardian: for each fixture
# tests/data/fix-rules/ID[-variant].xml (a valid domain that triggers rule ID):
#   - the fixture itself validates (domain.rng) and triggers ID;
#   - `guardian check --fix --unsafe-fixes --select ID` removes the finding;
#   - the fixed file validates against domain.rng AND libvirt defines it
#     (virsh define --validate on the test driver);
#   - the fix adds no error-severity finding of any rule;
#   - a second run changes nothing (empty --diff).
# A fixture's first line may hold "<!-- guardian-test: KEY=VALUE ... -->",
# extra guardian options (guest=windows host-caps=examples/host-amd.xml);
# XML comments cannot hold "--". "fixture=invalid" (not an option) is for a
# rule that reports what domain.rng itself rejects: the fixture must then NOT
# validate; the fixed file still must.
# Also checks that every fixable rule has a fixture and a stylesheet.
# The exact diff each stylesheet writes is pinned by tests/fix/test_snapshots.sh.
. "$(dirname "$0")/../lib.sh"
RNG=/usr/share/libvirt/schemas/domain.rng
tmp=$TMP

errors_of() { # file args... -> sorted error rule ids
  f=$1; shift
  "$G" check --no-config -q -f json "$@" "$f" 2>/dev/null |
    python3 -c 'import json,sys; print("\n".join(sorted(x["rule"] for x in json.load(sys.stdin)["findings"] if x["severity"]=="error")))'
}

for fx in tests/data/fix-rules/*.xml; do
  [ -f "$fx" ] || continue
  base=$(basename "$fx" .xml)
  id=${base%%-*}
  invalid=no
  case " $(fixture_header "$fx") " in *" fixture=invalid "*) invalid=yes ;; esac
  # shellcheck disable=SC2046
  set -- --no-config $(fixture_args "$fx")
  if [ $invalid = yes ]; then
    if xmllint --noout --relaxng $RNG "$fx" >/dev/null 2>&1; then not_ok "$base: fixture=invalid, but the fixture validates"; continue; fi
  elif ! xmllint --noout --relaxng $RNG "$fx" >"$tmp/v0" 2>&1; then not_ok "$base: fixture is not a valid domain" "$tmp/v0"; continue; fi
  "$G" check "$@" -q --select "$id" --fail-on info "$fx" >"$tmp/before" 2>&1
  if [ $? -ne 1 ]; then not_ok "$base: fixture does not trigger $id" "$tmp/before"; continue; fi
  errors_of "$fx" "$@" >"$tmp/err0"
  cp "$fx" "$tmp/work.xml"
  "$G" check "$@" -q --select "$id" --fix --unsafe-fixes --fail-on info "$tmp/work.xml" >"$tmp/fix" 2>&1
  "$G" check "$@" -q --select "$id" --fail-on info "$tmp/work.xml" >"$tmp/after" 2>&1
  if [ $? -ne 0 ]; then not_ok "$base: $id still fires after --fix" "$tmp/after"; continue; fi
  if cmp -s "$fx" "$tmp/work.xml"; then not_ok "$base: --fix changed nothing" "$tmp/fix"; continue; fi
  if ! xmllint --noout --relaxng $RNG "$tmp/work.xml" >"$tmp/v1" 2>&1; then
    diff -u "$fx" "$tmp/work.xml" >>"$tmp/v1"; not_ok "$base: fixed XML does not validate" "$tmp/v1"; continue
  fi
  if ! virsh -q -c test:///default define --validate "$tmp/work.xml" >"$tmp/def" 2>&1; then
    diff -u "$fx" "$tmp/work.xml" >>"$tmp/def"; not_ok "$base: libvirt rejects the fixed XML" "$tmp/def"; continue
  fi
  errors_of "$tmp/work.xml" "$@" >"$tmp/err1"
  if [ -n "$(comm -13 "$tmp/err0" "$tmp/err1")" ]; then
    { echo "new errors:"; comm -13 "$tmp/err0" "$tmp/err1"; diff -u "$fx" "$tmp/work.xml"; } >"$tmp/ne"
    not_ok "$base: the fix introduces errors" "$tmp/ne"; continue
  fi
  "$G" check "$@" -q --select "$id" --diff --unsafe-fixes "$tmp/work.xml" >"$tmp/diff2" 2>&1
  if [ -s "$tmp/diff2" ]; then not_ok "$base: second run is not empty" "$tmp/diff2"; continue; fi
  ok "$base"
done

# Coverage: every rule with a fix has a stylesheet and a fixture.
"$G" rules --format json | python3 -c '
import json, os, sys
missing = []
for r in json.load(sys.stdin):
    if not r["fixable"]:
        continue
    if not os.path.exists("fixes/%s.xsl" % r["id"]):
        missing.append(r["id"] + ": no fixes/%s.xsl" % r["id"])
    elif not any(f == r["id"] + ".xml" or f.startswith(r["id"] + "-") for f in os.listdir("tests/data/fix-rules")):
        missing.append(r["id"] + ": no tests/data/fix-rules fixture")
for m in missing:
    print(m)
sys.exit(1 if missing else 0)
' >"$tmp/cov" && ok "every fixable rule has a stylesheet and a fixture" \
  || not_ok "every fixable rule has a stylesheet and a fixture" "$tmp/cov"
finish

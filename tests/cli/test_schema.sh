#!/bin/sh
# --schema / --schema-file / the config's schema keys: libvirt's domain.rng
# verdict as SCH001 findings. Over the corpus the files with SCH001 are
# exactly those `xmllint --relaxng domain.rng` rejects (among the QEMU/KVM
# domains guardian checks), independent of -j; a missing or broken schema is
# a clear exit-2 error with nothing on stdout.
. "$(dirname "$0")/../lib.sh"
RNG=/usr/share/libvirt/schemas/domain.rng
if [ ! -f "$RNG" ] || ! command -v xmllint >/dev/null; then
  skip_all "needs $RNG (libvirt0) and xmllint"
fi
BAD=tests/data/schema/invalid.xml

run check --select SCH001 $BAD; expect_rc 0 "without --schema SCH001 does not run"
run check --schema --select SCH001 -f json $BAD; expect_rc 1 "--schema reports the violation"
line=$(xmllint --noout --relaxng "$RNG" $BAD 2>&1 | sed -n 's/^[^:]*:\([0-9]*\): element [a-z]*: Relax-NG validity error.*/\1/p' | head -1)
python3 - "$out" "$line" <<'PY' && ok "SCH001 at the line xmllint names ($line), with its message" || not_ok "SCH001 line/message"
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["rule"] == "SCH001"]
assert f and all(x["severity"] == "error" for x in f), f
assert any(x["line"] == int(sys.argv[2]) and "element devices" in x["message"] for x in f), f
PY
run check --schema --select SCH001 examples/win11-tuned.xml; expect_rc 0 "a valid domain gets no SCH001"

run check --schema-file "$TMP/missing.rng" examples/win11-tuned.xml
expect_rc 2 "missing schema: exit 2"; expect_err "$TMP/missing.rng: cannot read the domain schema" "missing schema: names the file"
[ -s "$out" ] && not_ok "missing schema: nothing on stdout" || ok "missing schema: nothing on stdout"
run check --schema-file examples/win11-tuned.xml examples/win11-tuned.xml
expect_rc 2 "a non-schema file: exit 2"; expect_err "not a usable RELAX NG schema" "a non-schema file: says so"

mkdir -p "$TMP/conf"; cp $BAD "$TMP/conf/d.xml"
printf '[guardian]\nschema = true\nselect = SCH001\n' >"$TMP/conf/.guardian.conf"
run check "$TMP/conf/d.xml"; expect_rc 1 "config 'schema = true' validates"
printf '[guardian]\nschema-file = nowhere.rng\n' >"$TMP/conf/.guardian.conf"
run check "$TMP/conf/d.xml"; expect_rc 2 "config schema-file is relative to the config"
expect_err "$TMP/conf/nowhere.rng" "config schema-file error names the resolved path"
printf '[guardian]\nschema = maybe\n' >"$TMP/conf/.guardian.conf"
run check "$TMP/conf/d.xml"; expect_rc 2 "config 'schema = maybe' is an error"

CORPUS=${GDN_CORPUS:-../shared/corpus}; [ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
if [ -d "$CORPUS" ]; then
  "$G" check -j 2 --schema --select SCH001 -f json "$CORPUS" >"$TMP/j2.json" 2>"$TMP/j2.err"
  "$G" check -q -j 1 --schema --select SCH001 -f json "$CORPUS" >"$TMP/j1.json" 2>/dev/null
  cmp -s "$TMP/j1.json" "$TMP/j2.json" && ok "corpus: same report with -j 1 and -j 2" || not_ok "corpus: -j changes the report"
  find "$CORPUS" -name '*.xml' -type f | sort | xargs xmllint --noout --relaxng "$RNG" >/dev/null 2>"$TMP/xl" || true
  python3 - "$TMP/j2.json" "$TMP/j2.err" "$TMP/xl" <<'PY' && ok "corpus: SCH001 exactly on the files xmllint rejects" || not_ok "corpus: SCH001 differs from xmllint"
import json, re, sys
d = json.load(open(sys.argv[1]))
skipped = set(re.findall(r"^(.*\.xml): notice: .*skipped", open(sys.argv[2]).read(), re.M))
bad = {e["file"] for e in d["errors"]}
ours = {f["file"] for f in d["findings"] if f["rule"] == "SCH001"}
xl = open(sys.argv[3]).read()
theirs = set(re.findall(r"^(\S+\.xml) fails to validate", xl, re.M)) - skipped - bad
print(f"# {len(ours)} files with SCH001, {len(theirs)} rejected by xmllint")
for f in sorted(ours ^ theirs)[:10]:
    print("#   differs:", f)
sys.exit(0 if ours == theirs and ours else 1)
PY
fi
finish

#!/bin/sh
# -f gitlab: GitLab Code Quality fields, severities, stable fingerprints.
. "$(dirname "$0")/../lib.sh"
W=examples/win11-virt-install.xml
H=examples/host-intel.xml
run check -f gitlab --host-caps $H $W; expect_rc 1 "-f gitlab keeps the exit status"
cp "$out" "$TMP/a.json"
run check -f json --host-caps $H $W; cp "$out" "$TMP/j.json"
# The same domain with lines shifted: fingerprints must not change.
sed 's|<name>|<!-- a comment\n  over two lines -->\n  <name>|' $W >"$TMP/shifted.xml"
cp $W "$TMP/orig.xml"
run check -f gitlab --host-caps $H "$TMP/orig.xml"; cp "$out" "$TMP/o.json"
run check -f gitlab --host-caps $H "$TMP/orig.xml"; cp "$out" "$TMP/o2.json"
cp "$TMP/shifted.xml" "$TMP/orig.xml"
run check -f gitlab --host-caps $H "$TMP/orig.xml"; cp "$out" "$TMP/s.json"
printf '<domain type="kvm">\n' >"$TMP/bad.xml"
run check -f gitlab --select clock "$TMP/bad.xml"; cp "$out" "$TMP/e.json"; expect_rc 2 "input error is exit 2"
python3 - "$TMP/a.json" "$TMP/o.json" "$TMP/o2.json" "$TMP/s.json" "$TMP/e.json" "$TMP/j.json" <<'PY' && ok "gitlab report fields, severities, stable fingerprints" || not_ok "gitlab report"
import json, sys
a, o, o2, s, e, j = (json.load(open(p)) for p in sys.argv[1:])
assert len(a) == len(j["findings"]) > 0, (len(a), len(j["findings"]))
assert [i["check_name"].split()[0] for i in a] == [f["rule"] for f in j["findings"]]
for i in a:
    assert set(i) == {"description", "check_name", "fingerprint", "severity", "location"}, i
    assert i["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert i["location"]["path"] == "examples/win11-virt-install.xml"
    assert i["location"]["lines"]["begin"] >= 1
    assert i["check_name"].split()[0] in i["description"]
assert len({i["fingerprint"] for i in a}) == len(a)
assert {i["severity"] for i in a} == {"major", "info"}
fo = [i["fingerprint"] for i in o]
assert fo == [i["fingerprint"] for i in o2], "same input, same fingerprints"
assert fo == [i["fingerprint"] for i in s], "moved lines keep fingerprints"
assert [i["location"]["lines"]["begin"] for i in s] != [i["location"]["lines"]["begin"] for i in o]
assert e[0]["severity"] == "blocker" and e[0]["location"]["lines"]["begin"] == 2, e
PY
finish

#!/bin/sh
# CLI contract: exit codes, inputs (files, dirs, stdin), formats, options.
. "$(dirname "$0")/../lib.sh"
W=examples/win11-virt-install.xml
T=examples/win11-tuned.xml
H=examples/host-intel.xml

run --version; expect_rc 0 "--version exits 0"; expect_out "guardian " "--version prints the name"
run; expect_rc 2 "no command is a usage error"
run frobnicate; expect_rc 2 "unknown command is a usage error"
run check; expect_rc 2 "check without inputs is a usage error"
expect_err "nothing to check" "check without inputs says why"
run check --format nope $T; expect_rc 2 "unknown format is a usage error"
run check --fail-on sometimes $T; expect_rc 2 "bad --fail-on is a usage error"
run check --select NOPE123 $T; expect_rc 2 "unknown rule in --select is a usage error"
expect_err "NOPE123" "the unknown rule is named"
run check --bogus-flag $T; expect_rc 2 "unknown option is a usage error"
run check --fix-rounds -1 --diff $T; expect_rc 2 "negative --fix-rounds is a usage error"

run check --host-caps $H $T; expect_rc 0 "tuned Windows 11 domain is clean"
expect_out "No findings in 1 domain" "clean run says so"
run check --host-caps $H $W; expect_rc 1 "virt-install default has findings"
expect_out "^$W:[0-9]*:[0-9]*: warning: " "compiler-style location"
expect_out "    impact: " "impact line follows each finding"
run check --host-caps $H --fail-on error --select clock $W; expect_rc 0 "--fail-on error ignores warnings"
run check --host-caps $H --fail-on never $W; expect_rc 0 "--fail-on never always exits 0"
run check --host-caps $H --fail-on info --select CLK006 $T; expect_rc 1 "--fail-on info counts info findings"

run check --select clock --fail-on info - <$W; expect_rc 1 "stdin is checked"
expect_out "^<stdin>:" "stdin findings are named <stdin>"

mkdir -p "$TMP/tree/sub"; cp $W "$TMP/tree/sub/a.xml"; cp $T "$TMP/tree/b.xml"; echo junk >"$TMP/tree/c.txt"
run check --host-caps $H -f json "$TMP/tree"; expect_rc 1 "directory is checked recursively"
python3 - "$out" <<'PY' && ok "directory JSON has both domains, ignores .txt" || not_ok "directory JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["domains"] == 2, d["summary"]
assert all(f["file"].endswith("sub/a.xml") for f in d["findings"])
PY

# The walk: files in sorted order, a directory named *.xml is walked, a
# symlinked directory is not followed (not even one named *.xml), and a
# symlinked .xml file comes last and only when its target was not checked
# already (inputs.c: a guest is named where it is a file, as autostart/
# links name theirs).
mkdir -p "$TMP/walk/z.xml" "$TMP/walk/m"; cp $W "$TMP/walk/z.xml/in-dir.xml"; cp $W "$TMP/walk/m/b.xml"
ln -s m/b.xml "$TMP/walk/a-link.xml"; ln -s m "$TMP/walk/dir-link"; ln -s m "$TMP/walk/dir-link.xml"
ln -s ../z.xml/in-dir.xml "$TMP/walk/m/c-link.xml"; cp $W "$TMP/walk/only-via-link.xml.src"
ln -s only-via-link.xml.src "$TMP/walk/b-link.xml"
run check --select clock --fail-on never -f json "$TMP/walk"
python3 - "$out" "$TMP/walk" <<'PY' && ok "walk: order, symlinked files last and once, symlinked directories out" || not_ok "walk" "$out"
import json, sys
d = json.load(open(sys.argv[1]))
files = []
for f in d["findings"]:
    if f["file"] not in files:
        files.append(f["file"])
w = sys.argv[2]
assert files == [w + "/m/b.xml", w + "/z.xml/in-dir.xml", w + "/b-link.xml"], files
assert d["errors"] == [], d["errors"]
PY
# -j N delivers in input order, also past the ring's size (256 for -j 2).
mkdir -p "$TMP/many"; for i in $(seq 100 399); do cp $W "$TMP/many/$i.xml"; done
"$G" check --select clock --fail-on never -j 1 -f json "$TMP/many" >"$TMP/many1.json" 2>&1
"$G" check --select clock --fail-on never -j 2 -f json "$TMP/many" >"$TMP/many2.json" 2>&1
"$G" check --select clock --fail-on never -j 3 -f json "$TMP/many" >"$TMP/many3.json" 2>&1
cmp -s "$TMP/many1.json" "$TMP/many2.json" && cmp -s "$TMP/many1.json" "$TMP/many3.json" &&
  grep -q '"domains":300' "$TMP/many1.json" && ok "-j 1, -j 2, -j 3: the same report over 300 files" ||
  not_ok "-j changes the report over 300 files"

printf '<domain type="kvm">\n  <name>x</name>\n' >"$TMP/broken.xml"
run check --select clock -f json "$TMP/broken.xml" $W; expect_rc 2 "a broken input makes the exit status 2"
expect_err "broken.xml:3: not well-formed" "error names file and line"
python3 - "$out" <<'PY' && ok "other inputs are still reported" || not_ok "other inputs are still reported"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["errors"][0]["line"] == 3 and d["errors"][0]["file"].endswith("broken.xml")
assert len(d["findings"]) > 0
PY
run check "$TMP/missing.xml"; expect_rc 2 "a missing file is exit 2"
expect_err "missing.xml: cannot open" "missing file error is clear"

printf '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<domain type="kvm"><name>&x;</name></domain>\n' >"$TMP/xxe.xml"
run check -f json "$TMP/xxe.xml"; expect_rc 2 "external entity input is rejected"
expect_err "DOCTYPE" "rejection says DOCTYPE"
if grep -q root: "$out"; then not_ok "no file content leaks"; else ok "no file content leaks"; fi

printf '<domain type="xen"><name>x</name></domain>' >"$TMP/xen.xml"
run check "$TMP/xen.xml"; expect_rc 0 "non-QEMU domain is skipped with exit 0"
expect_err "notice: domain type 'xen' is not QEMU/KVM" "skip notice on stderr"
run check -q "$TMP/xen.xml"; if [ -s "$err" ]; then not_ok "-q silences notices"; else ok "-q silences notices"; fi

run check --host-caps $H -f json $W; expect_rc 1 "JSON run exits 1 on findings"
python3 - "$out" <<'PY' && ok "JSON findings carry the contract fields" || not_ok "JSON fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["tool"]["name"] == "guardian" and d["tool"]["version"]
need = {"rule", "name", "module", "severity", "file", "domain", "line", "column", "xpath",
        "message", "impact", "fixable", "fix_safety"}
for f in d["findings"]:
    missing = need - set(f)
    assert not missing, missing
    assert f["line"] > 0 and f["column"] > 0 and f["xpath"].startswith("/domain")
assert d["summary"]["findings"] == len(d["findings"])
PY

run check --color always --select clock $W; expect_out "$(printf '\033')\[" "--color always colours"
run check --select clock $W; expect_no_out "$(printf '\033')\[" "no colour when piped"
run check --color sometimes $W; expect_rc 2 "bad --color is a usage error"

run check -o "$TMP/report.json" -f json --select clock --fail-on info $W; expect_rc 1 "-o writes the report"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/report.json" && ok "-o file is valid JSON" || not_ok "-o file is valid JSON"

mkfifo "$TMP/fifo"; (cat "$TMP/fifo" >"$TMP/from-fifo" &)
run check -o "$TMP/fifo" -f json --select clock $W
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/from-fifo" && ok "-o writes into a pipe" || not_ok "-o writes into a pipe"
[ -p "$TMP/fifo" ] && ok "-o leaves a pipe a pipe (no atomic replace)" || not_ok "-o replaced the pipe"
echo keep >"$TMP/real.json"; ln -s real.json "$TMP/link.json"
run check -o "$TMP/link.json" -f json --select clock $W
[ -L "$TMP/link.json" ] && grep -q '"findings"' "$TMP/real.json" && ok "-o writes through a symlink" || not_ok "-o writes through a symlink"

run rules; expect_rc 0 "rules lists rules"
run rules --format json; expect_rc 0 "rules --format json"
python3 - "$out" tests/data/rule-ids.txt <<'PY' && ok "every RULES.md ID and name is listed" || not_ok "rule IDs"
import json, sys
rules = {r["id"]: r for r in json.load(open(sys.argv[1]))}
for line in open(sys.argv[2]):
    rid, name = line.split()
    assert rid in rules, rid
    assert rules[rid]["name"] == name, (rid, rules[rid]["name"], name)
for r in rules.values():
    assert {"module", "severity", "tags", "fixable", "safety", "default"} <= set(r)
PY
# --image-info: qemu-img info JSON as disk image facts (DSK052), bad ones exit 2.
D52=tests/data/fix-rules/DSK052.xml
run check --no-config --select DSK052 $D52; expect_rc 0 "DSK052 is skipped without image facts"
run check --no-config --select DSK052 --image-info tests/data/images $D52; expect_rc 1 "--image-info DIR gives DSK052 its facts"
expect_out "1024 GiB image, 64 KiB clusters" "DSK052 names the image's sizes"
printf '{"filename": "/x.qcow2"' >"$TMP/bad.json"
run check --no-config --image-info "$TMP/bad.json" $D52; expect_rc 2 "broken --image-info JSON is exit 2"
expect_err "bad.json: not valid JSON" "the broken image facts file is named"
run check --no-config --image-info "$TMP/none.json" $D52; expect_rc 2 "a missing --image-info file is exit 2"
run explain CLK001; expect_rc 0 "explain prints a page"; expect_out "## Why" "page has Why"
run explain timer-hpet; expect_out "CLK002" "explain accepts a rule name"
run explain NOPE; expect_rc 2 "explain unknown rule is exit 2"
run rules --format json
for id in $(python3 -c "import json,sys; print(' '.join(r['id'] for r in json.load(open(sys.argv[1]))))" "$out"); do
  "$G" explain "$id" >"$TMP/page" 2>&1
  for s in "## Why" "## Impact" "## Fix" "## Sources"; do
    grep -q "$s" "$TMP/page" || { not_ok "rule page $id has $s"; continue 2; }
  done
done
ok "every rule has a page with Why/Impact/Fix/Sources"
finish

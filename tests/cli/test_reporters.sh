#!/bin/sh
# Golden output of every report format on tests/cli/data (clock rules only,
# so other modules do not change the goldens), exit codes, and -o FILE.
. "$(dirname "$0")/../lib.sh"
OUT=tests/out/cli
mkdir -p "$OUT"
DATA=tests/cli/data
run() { # FORMAT OUTFILE ARGS...
  f=$1 o=$2; shift 2
  $G check -q --select clock -f "$f" "$@" > "$o" 2> "$o.err"
  echo $?
}

for f in text json junit github markdown; do
  rc=$(run $f "$OUT/data.$f" "$DATA")
  expect_rc 2 "-f $f with an unreadable input"
  golden "tests/cli/formats/data.$f" "$OUT/data.$f"
done

# SARIF: the rule table follows whatever modules are built in, so the golden
# holds results, invocations and one sample rule; the rest is checked here.
rc=$(run sarif "$OUT/data.sarif.raw" "$DATA")
expect_rc 2 "-f sarif with an unreadable input"
$G rules --format json > "$OUT/rules.json"
if python3 - "$OUT/data.sarif.raw" "$OUT/rules.json" "$OUT/data.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
rules = json.load(open(sys.argv[2]))
run = log["runs"][0]
driver = run["tool"]["driver"]
ids = [r["id"] for r in driver["rules"]]
assert ids == [r["id"] for r in rules], "driver.rules is not every rule in registry order"
for r in driver["rules"]:
    for k in ("id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"):
        assert k in r, (r["id"], k)
    assert r["help"]["markdown"] and r["help"]["text"], r["id"]
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note"), r["id"]
    assert r["properties"]["tags"], r["id"]
    assert len(set(r["properties"]["tags"])) == len(r["properties"]["tags"]), (r["id"], "duplicate tags")
for res in run["results"]:
    assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"], res["ruleId"]
    del res["ruleIndex"]
driver["rules"] = [r for r in driver["rules"] if r["id"] == "CLK001"]
json.dump(log, open(sys.argv[3], "w"), indent=2, ensure_ascii=False, sort_keys=True)
open(sys.argv[3], "a").write("\n")
PY
then ok "sarif rule table and ruleIndex"; else not_ok "sarif rule table and ruleIndex"; fi
golden tests/cli/formats/data.sarif "$OUT/data.sarif"

# Exit codes follow --fail-on whatever the format.
for f in sarif junit github markdown; do
  rc=$(run $f "$OUT/one.$f" "$DATA/win-untuned.xml")
  expect_rc 1 "-f $f on a warning"
  rc=$(run $f "$OUT/one-error.$f" --fail-on error "$DATA/win-untuned.xml")
  expect_rc 0 "-f $f --fail-on error on a warning"
  # -o FILE writes the same report as stdout.
  $G check -q --select clock -f $f -o "$OUT/one-o.$f" "$DATA/win-untuned.xml" > "$OUT/one-o.stdout"
  if cmp -s "$OUT/one.$f" "$OUT/one-o.$f" && [ ! -s "$OUT/one-o.stdout" ]; then
    ok "-f $f -o FILE"
  else
    not_ok "-f $f -o FILE differs from stdout"
  fi
done

# stdin: GitHub needs a file= for an annotation; the others name <stdin>.
$G check -q --select clock -f github - < "$DATA/win-untuned.xml" > "$OUT/stdin.github"
grep -qx '::error file=tests/cli/data/broken.xml,line=4,title=guardian%3A input error::not well-formed XML: .*' "$OUT/data.github" \
  && ok "github: an input error is an ::error annotation at its file and line" || fail "github input error annotation"
grep -q '^::warning file=<stdin>,line=24,col=5,title=CLK001 timer-hypervclock::' "$OUT/stdin.github" \
  && ok "github from stdin" || not_ok "github from stdin: $(cat "$OUT/stdin.github")"

# SARIF fixes: each result carries its own fix only; applying its
# replacements to the original bytes gives what --fix writes when that
# finding's rule is the only one selected.
$G check -q --select clock -f sarif -o "$OUT/fix.sarif" "$DATA/win-untuned.xml"
python3 - "$OUT/fix.sarif" "$DATA/win-untuned.xml" "$OUT" "$G" <<'PY'
import json, shutil, subprocess, sys
log = json.load(open(sys.argv[1]))
orig, out, g = sys.argv[2], sys.argv[3], sys.argv[4]
fixed = [r for r in log["runs"][0]["results"] if r.get("fixes")]
assert len(fixed) >= 5, "expected per-result fixes, got %d" % len(fixed)
for res in fixed:
    data = open(orig, "rb").read()
    reps = res["fixes"][0]["artifactChanges"][0]["replacements"]
    for rp in sorted(reps, key=lambda x: x["deletedRegion"]["byteOffset"], reverse=True):
        o, n = rp["deletedRegion"]["byteOffset"], rp["deletedRegion"]["byteLength"]
        data = data[:o] + rp.get("insertedContent", {}).get("text", "").encode() + data[o + n:]
    copy = "%s/only-%s.xml" % (out, res["ruleId"])
    shutil.copy(orig, copy)
    subprocess.run([g, "check", "-q", "--select", res["ruleId"], "--fix", copy], capture_output=True)
    assert data == open(copy, "rb").read(), res["ruleId"] + ": replacements differ from --fix of that rule"
print("SARIF fixes of %d results equal --fix of their rule alone" % len(fixed))
PY
[ $? -eq 0 ] && ok "sarif fixes" || not_ok "sarif fixes differ from --fix"

# A fix whose findings share a change (DSK050: the new I/O threads of all
# disks, defined once): each result's replacements hold the shared change
# and its own disk's, so applied alone they fix that disk and leave no
# undefined thread (DSK010) behind.
for fx in DSK050 DSK050-ids; do
  $G check -q --no-config --select DSK050 -f sarif -o "$OUT/$fx.sarif" "tests/data/fix-rules/$fx.xml"
  if python3 - "$OUT/$fx.sarif" "tests/data/fix-rules/$fx.xml" "$OUT" "$G" <<'PY'
import json, subprocess, sys
log = json.load(open(sys.argv[1]))
orig, out, g = sys.argv[2], sys.argv[3], sys.argv[4]
def count(path, rule):
    r = subprocess.run([g, "check", "-q", "--no-config", "--select", rule, "-f", "json", path],
                       capture_output=True, text=True)
    return sum(1 for f in json.loads(r.stdout)["findings"] if f["rule"] == rule)
results = log["runs"][0]["results"]
assert len(results) >= 2, "want several DSK050 results"
before = count(orig, "DSK050")
for i, res in enumerate(results):
    data = open(orig, "rb").read()
    reps = res["fixes"][0]["artifactChanges"][0]["replacements"]
    assert len(reps) >= 2, "shared change missing: %r" % reps
    for rp in sorted(reps, key=lambda x: x["deletedRegion"]["byteOffset"], reverse=True):
        o, n = rp["deletedRegion"]["byteOffset"], rp["deletedRegion"]["byteLength"]
        data = data[:o] + rp.get("insertedContent", {}).get("text", "").encode() + data[o + n:]
    path = "%s/alone-%d.xml" % (out, i)
    open(path, "wb").write(data)
    assert count(path, "DSK050") == before - 1, "result %d does not fix its disk alone" % i
    assert count(path, "DSK010") == 0, "result %d leaves an undefined I/O thread" % i
PY
  then ok "sarif: each $fx result fixes its disk alone, with the shared thread definition"
  else not_ok "sarif: $fx per-result fixes"; fi
done

# One region per offset: DSK002 replaces a disk's PCI address by a drive
# address (an insertion where a deletion starts), written as one
# replacement, so a consumer that applies them from the end, in any order
# of equal offsets, gets the same file; each result alone validates.
$G check -q --no-config --select DSK002 --unsafe-fixes -f sarif -o "$OUT/dsk002.sarif" tests/data/fix-rules/DSK002.xml
mkdir -p "$OUT/dsk002"
if python3 tests/sarif_fix.py "$OUT/dsk002.sarif" "$OUT/dsk002" 2>"$OUT/dsk002.err" &&
  [ "$(wc -l <"$OUT/dsk002/map")" -ge 2 ] &&
  cut -f1 "$OUT/dsk002/map" | xargs xmllint --noout --relaxng /usr/share/libvirt/schemas/domain.rng 2>"$OUT/dsk002.err"
then ok "sarif: DSK002 replacements start at distinct offsets, each result alone validates"
else not_ok "sarif: DSK002 per-result replacements" "$OUT/dsk002.err"; fi
# The results themselves (each with its own fix), as a golden.
jq '.runs[0].results' "$OUT/dsk002.sarif" >"$OUT/dsk002.results.json"
golden tests/cli/formats/dsk002.results.json "$OUT/dsk002.results.json" "sarif: DSK002 results and fixes"

# --pretty indents the same JSON; compact is one line plus the final newline.
for f in json sarif; do
  $G check -q --select clock -f $f --pretty "$DATA" > "$OUT/pretty.$f" 2>/dev/null
  $G check -q --select clock -f $f "$DATA" > "$OUT/compact.$f" 2>/dev/null
  if python3 -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); sys.exit(a!=b)' \
       "$OUT/pretty.$f" "$OUT/compact.$f" && [ "$(wc -l < "$OUT/compact.$f")" -eq 1 ] \
       && [ "$(wc -l < "$OUT/pretty.$f")" -gt 20 ] && grep -q '^  "' "$OUT/pretty.$f"; then
    ok "-f $f --pretty is the same document, indented"
  else
    not_ok "-f $f --pretty differs from compact, or compact is not one line"
  fi
done

# Reports stream in input order: every format is byte-identical for any -j,
# over enough inputs that several are in flight at once. SARIF runs the
# fixes of every file, so it is compared over several runs: stylesheets
# shared between threads once put CPU002's <cpu> after <os> about one run
# in 16 (tests/unit/test_fix_threads.c forces that interleaving).
CORPUS=/work/shared/corpus/libvirt-9.0.0/tests/qemuxml2argvdata
if [ -d "$CORPUS" ]; then
  for f in text json sarif junit github markdown; do
    $G check -q -f $f -j 1 "$CORPUS" > "$OUT/j1.$f" 2> "$OUT/j1.$f.err"
    runs=1; what="-f $f: -j 3 == -j 1"
    [ $f = sarif ] && runs=4 && what="$what (4 runs)"
    same=yes
    for _ in $(seq $runs); do
      $G check -q -f $f -j 3 "$CORPUS" > "$OUT/j3.$f" 2> "$OUT/j3.$f.err"
      cmp -s "$OUT/j1.$f" "$OUT/j3.$f" && cmp -s "$OUT/j1.$f.err" "$OUT/j3.$f.err" || same=no
    done
    [ $same = yes ] && [ -s "$OUT/j1.$f" ] && ok "$what" \
      || not_ok "-f $f: -j changes the report"
  done
fi

# Malformed JUnit or unparsable JSON would be caught here even if goldens were rewritten.
xmllint --noout "$OUT/data.junit" && ok "junit is well-formed XML" || not_ok "junit is not well-formed"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT/data.sarif.raw" \
  && ok "sarif is JSON" || not_ok "sarif is not JSON"
finish

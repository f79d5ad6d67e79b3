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
    res.pop("fixes", None)  # checked against --fix below, present only with the fixer
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
grep -q '^::warning file=<stdin>,line=24,col=5,title=CLK001 timer-hypervclock::' "$OUT/stdin.github" \
  && ok "github from stdin" || not_ok "github from stdin: $(cat "$OUT/stdin.github")"

# SARIF fixes (once the fixer is in the build): applying a result's
# replacements to the original bytes must give what --fix writes.
$G check -q --select clock -f sarif -o "$OUT/fix.sarif" "$DATA/win-untuned.xml"
cp "$DATA/win-untuned.xml" "$OUT/fixed.xml"
$G check -q --select clock --fix "$OUT/fixed.xml" > /dev/null 2>&1
python3 - "$OUT/fix.sarif" "$DATA/win-untuned.xml" "$OUT/fixed.xml" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
fixed = [r for r in log["runs"][0]["results"] if r.get("fixes")]
if not fixed:
    print("note: no SARIF fixes in this build (the fixer is not wired to -f sarif)")
    sys.exit(0)
for res in fixed:
    data = open(sys.argv[2], "rb").read()
    reps = res["fixes"][0]["artifactChanges"][0]["replacements"]
    for rp in sorted(reps, key=lambda x: x["deletedRegion"]["byteOffset"], reverse=True):
        o, n = rp["deletedRegion"]["byteOffset"], rp["deletedRegion"]["byteLength"]
        data = data[:o] + rp.get("insertedContent", {}).get("text", "").encode() + data[o + n:]
    assert data == open(sys.argv[3], "rb").read(), res["ruleId"] + ": replacements differ from --fix"
print("SARIF fixes of %d results equal --fix" % len(fixed))
PY
[ $? -eq 0 ] && ok "sarif fixes" || not_ok "sarif fixes differ from --fix"

# Malformed JUnit or unparsable JSON would be caught here even if goldens were rewritten.
xmllint --noout "$OUT/data.junit" && ok "junit is well-formed XML" || not_ok "junit is not well-formed"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT/data.sarif.raw" \
  && ok "sarif is JSON" || not_ok "sarif is not JSON"
finish

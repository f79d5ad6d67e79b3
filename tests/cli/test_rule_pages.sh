#!/bin/sh
# One source per text: `guardian explain` and SARIF's help show a rule's
# impact and fix from its table entry; docs/rules/ID.md adds Why, Sources
# and detail, and never restates them.
. tests/cli/lib.sh
run rules --format json; cp "$out" "$TMP/rules.json"
for id in $(python3 -c "import json,sys; print(' '.join(r['id'] for r in json.load(open(sys.argv[1]))))" "$TMP/rules.json"); do
  "$G" explain "$id" >"$TMP/explain.$id" 2>&1
done
run check -f sarif --fail-on never examples/win11-tuned.xml; cp "$out" "$TMP/sarif.json"
python3 - "$TMP" <<'PY' >"$TMP/log" 2>&1 && ok "explain and SARIF help show every rule's table text; pages add, never restate" || not_ok "rule pages" "$(cat "$TMP/log")"
import json, re, sys
tmp = sys.argv[1]
rules = json.load(open(tmp + "/rules.json"))
sarif = {r["id"]: r for r in json.load(open(tmp + "/sarif.json"))["runs"][0]["tool"]["driver"]["rules"]}
lead = {"safe": "Safe autofix (--fix): ", "unsafe": "Unsafe autofix (--fix --unsafe-fixes): ", "none": "No autofix: "}
bad = []
for r in rules:
    rid = r["id"]
    page = open("%s/explain.%s" % (tmp, rid)).read().split("\n", 3)[3]  # after the two header lines
    plain = page.replace("`", "")
    titles = re.findall(r"^## (.*)$", page, re.M)
    if titles[:3] != ["Why", "Impact", "Fix"] or "Sources" not in titles:
        bad.append((rid, "sections", titles))
    impact = r["impact"][0].upper() + r["impact"][1:]
    if "## Impact\n\n" + impact not in plain:
        bad.append((rid, "impact is not the table's"))
    if "## Fix\n\n" + lead[r["safety"]] + r["fix"] not in plain:
        bad.append((rid, "fix is not the table's"))
    if sarif[rid]["help"]["markdown"] != page or sarif[rid]["help"]["text"] != page:
        bad.append((rid, "SARIF help is not the explain page"))
    src = open("docs/rules/%s.md" % rid).read()
    if re.search(r"^(Safe|Unsafe|No) autofix", src, re.M) or r["impact"].lower() in src.lower() \
            or r["fix"].lower() in src.lower():
        bad.append((rid, "docs/rules/%s.md restates the table" % rid))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
finish

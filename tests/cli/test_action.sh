#!/bin/sh
# action.yml: a well-formed composite action whose scripts take inputs only
# through env; its run steps, executed locally by tests/cli/action_runner.py
# against the examples, build guardian, write SARIF with the selected rules,
# hand the SARIF to upload-sarif and gate on --fail-on.
. tests/cli/lib.sh
python3 -c 'import yaml' 2> /dev/null || { echo "python3-yaml missing"; exit 77; }
HERE=$(pwd)
python3 - action.yml > "$TMP/lint" 2>&1 << 'EOF'
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["runs"]["using"] == "composite", "not a composite action"
assert set(a) <= {"name", "author", "description", "inputs", "outputs", "runs", "branding"}, "unknown key"
assert a["name"] and a["description"], "name and description are required"
assert all(v.get("description") for v in a["inputs"].values()), "input without description"
assert all(v.get("description") and v.get("value") for v in a["outputs"].values()), "composite outputs need value"
assert all(("run" in s) != ("uses" in s) for s in a["runs"]["steps"]), "a step has run or uses"
declared = set(a["inputs"])
used = set(re.findall(r"inputs\.([\w-]+)", open(sys.argv[1]).read()))
assert used <= declared, f"undeclared inputs {used - declared}"
assert {"paths", "select", "fail-on"} <= declared, "missing inputs"
for s in a["runs"]["steps"]:
    if "run" in s:
        assert s.get("shell") == "bash", f"{s['name']}: composite run steps need shell"
        assert "${{" not in s["run"], f"{s['name']}: expression inside run (script injection)"
uploads = [s for s in a["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
assert len(uploads) == 1 and "always()" in uploads[0]["if"], "upload-sarif step (if: always())"
EOF
[ $? -eq 0 ] && ok "action.yml parses: composite, inputs declared, no expressions in scripts" \
  || not_ok "action.yml structure" "$(cat "$TMP/lint")"

# run_action NAME=VALUE...: runs the action in a scratch workspace holding the examples.
W="$TMP/ws"
mkdir -p "$W/vms" "$W/ci" && cp examples/win11-*.xml "$W/vms/" && cp examples/host-*.xml "$W/ci/"
run_action() {
  rm -f "$W/guardian.sarif"
  python3 "$HERE/tests/cli/action_runner.py" "$HERE/action.yml" "$W" "$@" > "$TMP/steps" 2> "$TMP/steps.err"
}
sarif_rules() { python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["runs"][0]["results"]: print(r["ruleId"])' "$1"; }

# The build step builds from the action's own checkout when guardian is not on PATH.
if command -v guardian > /dev/null; then echo "# guardian on PATH: the build branch is not exercised"; fi
run_action paths="vms/win11-virt-install.xml vms/win11-tuned.xml" host-caps=ci/host-intel.xml
if grep -qx 'step build rc 0' "$TMP/steps" && grep -qx 'step check rc 0' "$TMP/steps"; then
  ok "build and check steps succeed"
else not_ok "build/check steps" "$(cat "$TMP/steps" "$TMP/steps.err")"; fi
grep -qx 'step gate rc 1' "$TMP/steps" && ok "gate fails on warnings (fail-on warning)" \
  || not_ok "gate on warnings" "$(cat "$TMP/steps")"
grep -qx 'uses github/codeql-action/upload-sarif@v3 sarif_file=guardian.sarif category=guardian' "$TMP/steps" \
  && ok "upload-sarif gets the report written" || not_ok "upload-sarif with" "$(cat "$TMP/steps")"
sarif_rules "$W/guardian.sarif" > "$TMP/rules" 2> "$TMP/sarif.err" && [ -s "$TMP/rules" ] \
  && ok "SARIF has $(wc -l < "$TMP/rules") results" || not_ok "SARIF results" "$(cat "$TMP/sarif.err")"
"$G" check -f sarif -o "$TMP/direct.sarif" --host-caps examples/host-intel.xml \
  examples/win11-virt-install.xml examples/win11-tuned.xml
sarif_rules "$TMP/direct.sarif" | cmp -s - "$TMP/rules" \
  && ok "same results as guardian run by hand" || not_ok "action results differ from a direct run"

run_action paths=vms select=HV fail-on=never host-caps=ci/host-intel.xml
grep -qx 'step gate rc 0' "$TMP/steps" && ok "fail-on never: gate passes" || not_ok "fail-on never" "$(cat "$TMP/steps")"
sarif_rules "$W/guardian.sarif" > "$TMP/rules"
[ -s "$TMP/rules" ] && ! grep -qv '^HV' "$TMP/rules" && ok "select HV: only HV results ($(wc -l < "$TMP/rules"))" \
  || not_ok "select HV" "$(sort -u "$TMP/rules" | tr '\n' ' ')"

# The clean file first: findings prove the second line was read.
run_action "paths=vms/win11-tuned.xml
vms/win11-virt-install.xml" fail-on=never
[ "$(sarif_rules "$W/guardian.sarif" | wc -l)" -gt 0 ] && grep -qx 'step check rc 0' "$TMP/steps" \
  && ok "paths on several lines" || not_ok "multi-line paths" "$(cat "$TMP/steps" "$TMP/steps.err")"

run_action paths=vms/win11-tuned.xml host-caps=ci/host-intel.xml
grep -qx 'step gate rc 0' "$TMP/steps" && ok "clean domain: gate passes" || not_ok "clean domain" "$(cat "$TMP/steps")"

printf '<domain type="kvm"><name>x</name>\n<memory>' > "$W/vms/broken.xml"
run_action paths="vms/broken.xml vms/win11-tuned.xml"
grep -qx 'step gate rc 2' "$TMP/steps" && ok "input error: gate exits 2" || not_ok "input error" "$(cat "$TMP/steps")"
grep -q 'broken.xml' "$W/guardian.sarif" && ok "input error reported in the SARIF" || not_ok "broken.xml not in SARIF"

rm -r "$W/ci" "$W/vms/broken.xml"
run_action
grep -qx 'step gate rc 1' "$TMP/steps" && [ "$(sarif_rules "$W/guardian.sarif" | wc -l)" -gt 0 ] \
  && ok "default paths (.) check the workspace" || not_ok "default paths" "$(cat "$TMP/steps" "$TMP/steps.err")"
finish

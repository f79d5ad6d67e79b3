#!/bin/sh
# docs/integration.md's action, GitLab Code Quality and Jenkins examples, as
# far as this machine runs them: the workflow's `with:` goes through the
# action's steps (tests/cli/action_runner.py), the GitLab job's script lines
# and the Jenkinsfile's sh steps run in a workspace laid out as the examples
# assume (vms/, ci/host-caps.xml), and the files their report steps read exist.
. tests/cli/lib.sh
python3 -c 'import yaml' 2> /dev/null || { echo "python3-yaml missing"; exit 77; }
HERE=$(pwd)
W="$TMP/ws"
mkdir -p "$W/vms" "$W/ci"
cp examples/win11-*.xml "$W/vms/" && cp examples/host-intel.xml "$W/ci/host-caps.xml"
PATH="$(dirname "$G"):$PATH"
export PATH

# block SECTION LANG: the first fenced LANG block under "## SECTION".
block() {
  awk -v sec="## $1" -v lang="$2" '
    $0 == sec { in_sec = 1; next }
    in_sec && /^## / { exit }
    in_sec && !in_code && $0 == "```" lang { in_code = 1; next }
    in_code && $0 == "```" { exit }
    in_code { print }' docs/integration.md
}

# The action example: its inputs exist and run through the action's steps.
block "The guardian action (GitHub)" yaml > "$TMP/workflow.yml"
python3 - "$TMP/workflow.yml" action.yml > "$TMP/with" << 'EOF'
import sys, yaml
wf, action = yaml.safe_load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2]))
steps = [s for j in wf["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("guardian-virt/guardian@")]
assert len(steps) == 1, "one guardian step"
for k, v in steps[0]["with"].items():
    assert k in action["inputs"], f"undeclared input {k}"
    print(f"{k}={v}")
EOF
[ $? -eq 0 ] && ok "workflow example uses only declared inputs ($(wc -l < "$TMP/with"))" \
  || not_ok "workflow example" "$(cat "$TMP/with")"
(cd "$W" && tr '\n' '\0' < "$TMP/with" | xargs -0 python3 "$HERE/tests/cli/action_runner.py" \
  "$HERE/action.yml" "$W") > "$TMP/steps" 2>&1
grep -qx 'step check rc 0' "$TMP/steps" && grep -qx 'step gate rc 1' "$TMP/steps" \
  && ok "workflow example: SARIF written, warnings gate the step" || not_ok "workflow example run" "$(cat "$TMP/steps")"

# GitLab: -f gitlab lines run once the reporter exists.
has_gitlab=0
"$G" check --help | grep -q 'gitlab' && has_gitlab=1
block "GitLab Code Quality with the CI image" yaml > "$TMP/gitlab.yml"
python3 -c 'import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))["guardian"]
print("\n".join(job["script"]))
for f in job["artifacts"]["reports"].values(): print("REPORT " + f, file=sys.stderr)' \
  "$TMP/gitlab.yml" > "$TMP/gitlab.sh" 2> "$TMP/gitlab.reports"
[ -s "$TMP/gitlab.sh" ] && ok "GitLab example parses" || not_ok "GitLab example" "$(cat "$TMP/gitlab.reports")"
while read -r line; do
  case $line in *"-f gitlab"*) [ "$has_gitlab" -eq 1 ] || { echo "# -f gitlab not in this build: skipped"; continue; } ;; esac
  (cd "$W" && sh -c "$line") > "$TMP/line.out" 2>&1
  rc=$?
  case $line in
    *--fail-on\ never*) [ "$rc" -eq 0 ] && ok "GitLab: ${line%% -o*} (exit 0)" || not_ok "GitLab: $line" "exit $rc" ;;
    *) [ "$rc" -eq 1 ] && ok "GitLab: ${line%% -o*} (exit 1: fails the job)" || not_ok "GitLab: $line" "exit $rc" ;;
  esac
done < "$TMP/gitlab.sh"
sed -n 's/^REPORT //p' "$TMP/gitlab.reports" | while read -r f; do
  case $f in gl-code-quality*) [ "$has_gitlab" -eq 1 ] || continue ;; esac
  [ -s "$W/$f" ] && echo "ok-report $f" || echo "missing-report $f"
done > "$TMP/reports"
grep -q missing "$TMP/reports" && not_ok "GitLab artifacts" "$(cat "$TMP/reports")" \
  || ok "GitLab artifacts written: $(sed 's/ok-report //' "$TMP/reports" | tr '\n' ' ')"
if [ "$has_gitlab" -eq 1 ]; then
  jq -e 'length > 0 and all(.check_name and .fingerprint and .location.path)' \
    "$W/gl-code-quality-report.json" > /dev/null && ok "Code Quality report has findings" \
    || not_ok "Code Quality report"
fi

# pre-commit without install: the documented hook id exists.
block "pre-commit without installing guardian" yaml > "$TMP/pc.yml"
python3 - "$TMP/pc.yml" .pre-commit-hooks.yaml << 'EOF2'
import sys, yaml
ids = {h["id"] for h in yaml.safe_load(open(sys.argv[2]))}
cfg = yaml.safe_load(open(sys.argv[1]))
assert all(h["id"] in ids for r in cfg["repos"] for h in r["hooks"])
EOF2
[ $? -eq 0 ] && ok "pre-commit example names a hook of .pre-commit-hooks.yaml" || not_ok "pre-commit example"

# Jenkins: the sh steps run; the files recordIssues and junit read exist.
rm -f "$W"/guardian*
block Jenkins groovy > "$TMP/Jenkinsfile"
sed -n "s/^ *sh '\(.*\)'$/\1/p" "$TMP/Jenkinsfile" > "$TMP/jenkins.sh"
[ "$(wc -l < "$TMP/jenkins.sh")" -eq 2 ] && ok "Jenkinsfile has 2 sh steps" || not_ok "Jenkinsfile sh steps"
while read -r line; do
  (cd "$W" && sh -c "$line") > "$TMP/line.out" 2>&1 && ok "Jenkins sh step passes: ${line%% -o*}" \
    || not_ok "Jenkins: $line" "$(cat "$TMP/line.out")"
done < "$TMP/jenkins.sh"
for f in $(sed -n "s/.*\(pattern\|testResults\): '\([^']*\)'.*/\2/p" "$TMP/Jenkinsfile"); do
  [ -s "$W/$f" ] && ok "Jenkins reads $f, which the steps wrote" || not_ok "Jenkins: no $f"
done
xmllint --noout "$W/guardian-junit.xml" && grep -q '<failure' "$W/guardian-junit.xml" \
  && ok "JUnit report has failures (build UNSTABLE)" || not_ok "JUnit report"
echo '<domain' > "$W/vms/broken.xml"
(cd "$W" && sh -c "$(sed -n 2p "$TMP/jenkins.sh")") > /dev/null 2>&1 \
  && not_ok "Jenkins: an unreadable file must fail the sh step" || ok "Jenkins: an unreadable file fails the build"
finish

#!/bin/sh
# examples/ansible/guardian.yml, run by the real ansible-playbook on localhost
# (connection local) against libvirt's test driver with a node file of three
# kvm guests: reports fetched as HOST.json/HOST.sarif with the findings a
# direct run gives, hosts failed by guardian_fail_on, input errors failing
# the play, the scratch directory removed.
. tests/cli/lib.sh
PB=examples/ansible/guardian.yml
python3 -c 'import sys, yaml; p = yaml.safe_load(open(sys.argv[1])); assert p[0]["tasks"]' "$PB" \
  && ok "playbook is valid YAML" || not_ok "playbook YAML"
command -v ansible-playbook > /dev/null || { echo "ansible-playbook missing (apt-get install ansible-core)"; exit 77; }
URI="test://$(pwd)/tests/data/libvirt/node.xml"
export ANSIBLE_HOME="$TMP/ansible" ANSIBLE_LOCAL_TEMP="$TMP/ansible/tmp" ANSIBLE_NOCOLOR=1 \
  ANSIBLE_RETRY_FILES_ENABLED=0 TMPDIR="$TMP/remote-tmp"
mkdir -p "$TMPDIR"
play() {
  PATH="$(dirname "$G"):$PATH" ansible-playbook -i localhost, -c local -e guardian_hosts=all \
    -e ansible_python_interpreter=/usr/bin/python3 -e guardian_report_dir="$TMP/reports" "$@" "$PB" \
    > "$TMP/play.log" 2>&1
}
ansible-playbook --syntax-check -i localhost, "$PB" > "$TMP/syntax.log" 2>&1 \
  && ok "ansible-playbook --syntax-check" || not_ok "syntax-check" "$(cat "$TMP/syntax.log")"

play -e guardian_uri="$URI"
[ $? -eq 0 ] && ok "play succeeds with guardian_fail_on=never" || not_ok "play" "$(tail -30 "$TMP/play.log")"
"$G" check -q -c "$URI" -f json --fail-on never > "$TMP/direct.json"
jq -e --slurpfile d "$TMP/direct.json" '.summary == $d[0].summary and .summary.domains == 3
  and .summary.findings > 0' "$TMP/reports/localhost.json" > /dev/null \
  && ok "fetched JSON has a direct run's findings ($(jq .summary.findings "$TMP/direct.json"))" \
  || not_ok "fetched JSON report"
jq -e --slurpfile j "$TMP/reports/localhost.json" '.runs[0].results | length == ($j[0].findings | length)' \
  "$TMP/reports/localhost.sarif" > /dev/null && ok "fetched SARIF has the same number of results" \
  || not_ok "fetched SARIF report"
[ -z "$(ls -A "$TMPDIR")" ] && ok "scratch directory removed on the host" || not_ok "left $(ls "$TMPDIR")"

rm -rf "$TMP/reports"
play -e guardian_uri="$URI" -e guardian_fail_on=warning -e '{"guardian_args": ["--select", "HV"]}'
grep -q 'guardian found problems at or above warning' "$TMP/play.log" \
  && grep -q 'failed=1' "$TMP/play.log" && ok "guardian_fail_on=warning fails the host" \
  || not_ok "fail_on warning" "$(tail -30 "$TMP/play.log")"
jq -e '[.findings[].rule] | length > 0 and all(startswith("HV"))' \
  "$TMP/reports/localhost.json" > /dev/null && ok "guardian_args --select HV reach guardian; reports fetched" \
  || not_ok "select HV" "$(jq -c '.findings[0]' "$TMP/reports/localhost.json")"

play -e guardian_uri=test:///nonexistent/guardian/node.xml
[ $? -ne 0 ] && grep -q 'failed=1' "$TMP/play.log" && ok "an unreadable URI (exit 2) fails the play" \
  || not_ok "bad URI" "$(tail -30 "$TMP/play.log")"
[ -z "$(ls -A "$TMPDIR")" ] && ok "scratch directory removed after a failure" || not_ok "left $(ls "$TMPDIR")"
finish

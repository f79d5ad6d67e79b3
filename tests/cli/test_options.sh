#!/bin/sh
# One CLI: rules/explain options, conflicting options, summaries,
# --statistics, --show-settings, --stdin-filename, NO_COLOR, --write-baseline.
. "$(dirname "$0")/../lib.sh"
W=examples/win11-virt-install.xml
T=examples/win11-tuned.xml
H=examples/host-intel.xml

for c in check rules explain; do
  run $c --help; expect_rc 0 "$c --help exits 0"; expect_out "guardian $c" "$c --help names the command"
done
run rules -f json HV0
python3 - "$out" <<'PY' && ok "rules -f json HV0: JSON, only HV0xx" || not_ok "rules -f json HV0"
import json, sys
ids = [r["id"] for r in json.load(open(sys.argv[1]))]
assert ids and all(i.startswith("HV0") for i in ids) and "HV010" in ids, ids
PY
run rules --select storage --ignore DSK002; expect_out "^  DSK001 " "rules --select lists the module"
expect_no_out "DSK002\|HV001" "rules --ignore and --select leave others out"
run rules CLK006; expect_out "\[off\]" "rules lists default-off rules, marked"
run rules -f yaml; expect_rc 2 "rules -f yaml is refused"
run rules NOPE9; expect_rc 2 "rules with an unknown token is refused"
run explain; expect_rc 2 "explain without an ID is a usage error"
run explain HV001 HV002; expect_rc 2 "explain takes one ID"

# Conflicting options: exit 2, nothing written.
cp $W "$TMP/w.xml"; sum=$(cksum <"$TMP/w.xml")
run check -f sarif --diff "$TMP/w.xml"; expect_rc 2 "-f sarif --diff is refused"
run check -f json --diff -o "$TMP/x" "$TMP/w.xml"; expect_rc 2 "-f json --diff -o x is refused"
[ ! -e "$TMP/x" ] && ok "refused run writes no report" || not_ok "refused run wrote $TMP/x"
run check --diff --fix "$TMP/w.xml"; expect_rc 2 "--diff --fix is refused"
run check --diff --write-baseline "$TMP/b.json" "$TMP/w.xml"; expect_rc 2 "--diff --write-baseline is refused"
run check --statistics -f json "$TMP/w.xml"; expect_rc 2 "--statistics -f json is refused"
run check --host-caps $H --diff "$TMP/w.xml"; expect_rc 1 "--diff exits 1 when there is something to fix"
[ "$(cksum <"$TMP/w.xml")" = "$sum" ] && ok "--diff and refused runs leave the file alone" || not_ok "file changed"

# Summary: fixable split, suppressed, skipped, input errors; the numbers
# are the JSON report's (safe, unsafe, all findings).
run check -f json --host-caps $H $W
set -- $(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; s=[x["fix_safety"] for x in f]; print(s.count("safe"), s.count("unsafe"), len(f))' "$out")
SAFE=$1 UNSAFE=$2 ALL=$3
[ "$UNSAFE" -gt 0 ] && [ "$SAFE" -gt 0 ] && ok "the sample has safe ($SAFE) and unsafe ($UNSAFE) fixes" || not_ok "sample fixes"
run check --host-caps $H $W
expect_out "; $SAFE fixable with --fix, $UNSAFE more with --fix --unsafe-fixes\.$" "summary splits safe and unsafe fixes"
printf '<domain type="xen"><name>x</name></domain>' >"$TMP/xen.xml"
printf '<domain type="kvm">\n' >"$TMP/bad.xml"
sed 's|<metadata>|<metadata><guardian:ignore xmlns:guardian="https://guardian-virt.dev/xmlns/guardian/1" rules="DSK001 NET001"/>|' $W >"$TMP/sup.xml"
run check --host-caps $H "$TMP/sup.xml" "$TMP/xen.xml" "$TMP/bad.xml"
expect_rc 2 "an input error is exit 2"
expect_out "; 2 suppressed; 1 input skipped; 1 input could not be checked\.$" "summary counts suppressed, skipped, errors"
run check --host-caps $H --unsafe-fixes $W; expect_out "; $((SAFE + UNSAFE)) fixable with --fix --unsafe-fixes\.$" "summary with --unsafe-fixes"

# After --fix, stdout and stderr agree on what is left.
cp $W "$TMP/f.xml"
run check --host-caps $H --fix "$TMP/f.xml"; expect_rc 1 "--fix: unsafe findings are left"
# stderr: "f.xml: fixed: K fixes applied; N findings left (0 fixable with --fix, U more ...)"
set -- $(sed -n 's/.*f\.xml: fixed: \([0-9]*\) fix.* applied; \([0-9]*\) finding.* left (0 fixable with --fix, \([0-9]*\) more with --fix --unsafe-fixes)$/\1 \2 \3/p' "$err")
[ $# = 3 ] && [ "$1" -ge "$SAFE" ] && ok "stderr after --fix: $1 fixes applied, $2 left, none safe" || not_ok "stderr after --fix"
expect_out "^Found $2 findings\{0,1\} left .* $1 fixes applied in 1 file; 0 fixable with --fix, $3 more with --fix --unsafe-fixes\.$" "stdout after --fix agrees with stderr"
[ "$(grep -c '^[^ ].*: \(error\|warning\|info\): ' "$out")" = "$2" ] && ok "stdout lists the $2 findings left" || not_ok "findings left"

# --write-baseline says what it recorded.
run check --host-caps $H --write-baseline "$TMP/base.json" $W
expect_err "recorded $ALL findings of 1 domain in $TMP/base.json" "--write-baseline says what it recorded"
expect_out "^No findings in 1 domain; $ALL suppressed\.$" "recorded findings count as suppressed"
run check --host-caps $H --baseline "$TMP/base.json" $W; expect_rc 0 "baseline run is clean"

# --statistics
run check --host-caps $H --statistics $W; expect_rc 1 "--statistics keeps the exit status"
expect_out "^     1  DSK001  \[-\] disk-bus-emulated  *warning$" "--statistics: count, ID, unsafe mark, name"
expect_out "^     1  DSK003  \[\*\] disk-cache-mode" "--statistics marks safe fixes"
expect_no_out "impact:" "--statistics does not list findings"
cat $W $W >/dev/null; mkdir -p "$TMP/two"; cp $W "$TMP/two/a.xml"; cp $W "$TMP/two/b.xml"
run check --host-caps $H --statistics "$TMP/two"; expect_out "^     2  CPU002 " "--statistics counts across inputs"

# --show-settings
mkdir -p "$TMP/cfg/vms"
printf '[guardian]\nselect = storage\nignore = DSK002\nhost-caps = %s\n' "$(pwd)/$H" >"$TMP/cfg/.guardian.conf"
cp $W "$TMP/cfg/vms/a.xml"
run check --show-settings "$TMP/cfg/vms/a.xml"; expect_rc 0 "--show-settings exits 0"
expect_out "config     $TMP/cfg/.guardian.conf" "--show-settings names the config file"
expect_out "select     storage" "--show-settings shows the selection"
expect_out "rules      [0-9]*: DSK001 DSK003 " "--show-settings lists the rules that run (not the ignored DSK002)"
expect_out "no domcaps 1: DSK030" "--show-settings lists rules skipped without domain capabilities"
expect_out "host facts $(pwd)/$H ($TMP/cfg/.guardian.conf)" "--show-settings says where host facts come from"
run check --no-config --show-settings $W; expect_out "config     none (--no-config)" "--show-settings with --no-config"
expect_out "host facts none: host-aware rules are skipped" "--show-settings without host facts"
expect_out "no host    [0-9]*: HV015 " "--show-settings lists rules skipped without host facts"

# --stdin-filename: names stdin, picks that file's config, names the diff.
run check --stdin-filename "$TMP/cfg/vms/z.xml" --diff - <$W
expect_out "^--- a/${TMP#/}/cfg/vms/z.xml" "--stdin-filename names the diff"
run check --stdin-filename "$TMP/cfg/vms/z.xml" - <$W
expect_out "^$TMP/cfg/vms/z.xml:[0-9]*:[0-9]*: warning: .*DSK001" "--stdin-filename names findings and uses that file's config"
expect_no_out "HV0" "the config's selection applies to stdin"

# SARIF --max-results: capped, and says so.
run check -f sarif --max-results 3 --host-caps $H $W; expect_rc 1 "--max-results keeps the exit status"
python3 - "$out" "$ALL" <<'PY' && ok "SARIF --max-results 3: 3 results and a notification" || not_ok "SARIF cap"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert len(run["results"]) == 3, len(run["results"])
n = run["invocations"][0]["toolExecutionNotifications"]
total = int(sys.argv[2])
want = "%d of %d results left out" % (total - 3, total)
assert any(want in x["message"]["text"] and x["level"] == "warning" for x in n), n
PY
run check -f sarif --max-results -1 $W; expect_rc 2 "negative --max-results is refused"

# Markdown stays under GitHub's 65,536-character comment limit and says what was cut.
mkdir -p "$TMP/many"; i=0
while [ $i -lt 60 ]; do cp $W "$TMP/many/vm$i.xml"; i=$((i + 1)); done
run check -f markdown --host-caps $H "$TMP/many"; expect_rc 1 "markdown over many domains"
python3 - "$out" <<'PY' && ok "markdown capped below 65,536 characters with a note" || not_ok "markdown cap"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
assert len(t) < 65536, len(t)
assert "domains left out to stay under GitHub's 65,536-character comment limit" in t
assert t.startswith("# guardian performance review")
PY

# NO_COLOR counts only when set and not empty (on a terminal).
tty_run() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }
if command -v script >/dev/null; then
  tty_run "NO_COLOR= $G check --select clock $W" >"$TMP/tty1"
  tty_run "NO_COLOR=1 $G check --select clock $W" >"$TMP/tty2"
  grep -q "$(printf '\033')\[" "$TMP/tty1" && ok "empty NO_COLOR: colour on a terminal" || not_ok "empty NO_COLOR"
  grep -q "$(printf '\033')\[" "$TMP/tty2" && not_ok "NO_COLOR=1 disables colour" || ok "NO_COLOR=1 disables colour"
fi
finish

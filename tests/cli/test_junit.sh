#!/bin/sh
# -f junit: a testcase per finding at or above --fail-on (file, line), a
# passing testcase per clean domain, input errors in "guardian inputs";
# the failing testcases are exactly the JSON report's findings at or above
# --fail-on.
. "$(dirname "$0")/../lib.sh"
W=examples/win11-virt-install.xml
T=examples/win11-tuned.xml
H=examples/host-intel.xml
printf '<domain type="kvm">\n' >"$TMP/bad.xml"
x() { xmllint --xpath "$1" "$TMP/j.xml" 2>/dev/null; }
for sev in info warning; do
  run check -f json --fail-on $sev --host-caps $H $W $T
  want=$(python3 -c 'import json,sys
order = ["info", "warning", "error"]
f = json.load(open(sys.argv[1]))["findings"]
print(sum(order.index(x["severity"]) >= order.index(sys.argv[2]) for x in f))' "$out" $sev)
  run check -f junit --fail-on $sev --host-caps $H $W $T "$TMP/bad.xml"; cp "$out" "$TMP/j.xml"
  expect_rc 2 "-f junit --fail-on $sev with an input error exits 2"
  got=$(x "count(//testsuite[@name='win11 ($W)']/testcase[failure and @file='$W' and @line > 0])")
  [ "$want" -gt 0 ] && [ "$got" = "$want" ] && ok "--fail-on $sev: $got failing testcases with file and line, as many as JSON findings" \
    || not_ok "--fail-on $sev: $got failing testcases, JSON has $want"
  [ "$(x "count(/testsuites[@failures='$want'])")" = 1 ] && ok "--fail-on $sev: testsuites counts $want failures" || not_ok "failures count"
done
[ "$(x "count(//testsuite/testcase[@name='win11-tuned ($T)' and @file='$T' and not(*)])")" = 1 ] \
  && ok "a clean domain is one passing testcase" || not_ok "clean domain testcase"
# Every testcase of the failing domain names a distinct finding.
n=$(x "count(//testsuite[@name='win11 ($W)']/testcase)")
u=$(xmllint --xpath "//testsuite[@name='win11 ($W)']/testcase/@name" "$TMP/j.xml" | sort -u | wc -l)
[ "$n" -gt 1 ] && [ "$n" = "$u" ] && ok "testcase names are distinct ($n)" || not_ok "testcase names repeat: $n vs $u"
[ "$(x "count(//testsuite[@name='guardian inputs']/testcase[@line='2']/error[@type='input'])")" = 1 ] \
  && ok "an input error is an <error> testcase with its line" || not_ok "input error testcase"
# --fail-on error: the sample has warnings only, so its domain passes and
# its findings are the suite's output.
run check -f junit --fail-on error --host-caps $H $W; cp "$out" "$TMP/j.xml"; expect_rc 0 "--fail-on error passes"
[ "$(x "count(//testsuite[@name='win11 ($W)' and @failures='0']/testcase[not(*)])")" = 1 ] \
  && ok "below --fail-on: one passing testcase" || not_ok "passing testcase below --fail-on"
expect_out "<system-out>$W:9:3: warning: " "below --fail-on: findings in <system-out>"
finish

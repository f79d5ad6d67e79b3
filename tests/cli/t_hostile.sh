#!/bin/sh
# Hostile side inputs (config, baseline, host capabilities) get the limits
# domain files have: path:line: reason, exit 2, bounded memory. And inputs
# built to hit quadratic paths (one-line XML, many siblings, many
# attributes) give the right answer; their timing targets are in make bench.
. tests/cli/lib.sh
W=examples/win11-virt-install.xml

python3 -c "print('[' * 100000 + ']' * 100000)" >"$TMP/deep.json"
run check --baseline "$TMP/deep.json" $W; expect_rc 2 "10^5 nested brackets: exit 2, no crash"
expect_err "deep.json:1: nested deeper than" "deep baseline names file:line"
run check --baseline /dev/zero $W; expect_rc 2 "--baseline /dev/zero: exit 2 at once"
expect_err "/dev/zero: not a regular file" "/dev/zero is refused"
printf '{"guardian_baseline": 2, "findings": []}' >"$TMP/v2.json"
run check --baseline "$TMP/v2.json" $W; expect_rc 2 "baseline of another version is refused"
expect_err "guardian_baseline" "the version is named"
printf '{"guardian_baseline": 1, "findings": [{"file": 1, "domain": "x", "rule": "CLK001", "xpath": "/domain"}]}' >"$TMP/types.json"
run check --baseline "$TMP/types.json" $W; expect_rc 2 "baseline with wrong types is refused"
expect_err "findings\[0\].file must be a string" "the wrong member is named"
if grep -q CRITICAL "$err"; then not_ok "no GLib criticals"; else ok "no GLib criticals"; fi

printf '[guardian]\nselect = clock\n\000\n' >"$TMP/nul.conf"
run check --config "$TMP/nul.conf" $W; expect_rc 2 "config with a NUL byte is refused"
expect_err "nul.conf:3: NUL byte" "NUL config names file:line"
printf '[guardian]\nselect = clock\nguest = \377\n' >"$TMP/utf.conf"
run check --config "$TMP/utf.conf" $W; expect_rc 2 "config with invalid UTF-8 is refused"
expect_err "utf.conf:3: invalid UTF-8" "UTF-8 config error names file:line"

python3 - "$TMP/caps.xml" <<'PY'
import sys
cpus = "".join("<cpu id='%d' socket_id='0' core_id='%d' siblings='0-65535'/>" % (i, i) for i in range(2000))
open(sys.argv[1], "w").write("<capabilities><host><cpu><vendor>Intel</vendor></cpu><topology><cells num='1'>"
    "<cell id='0'>\n<cpus num='2000'>\n" + cpus + "</cpus></cell></cells></topology></host></capabilities>")
PY
/usr/bin/time -f %M "$G" check --host-caps "$TMP/caps.xml" $W >"$TMP/out" 2>"$TMP/err"; rc=$?
kib=$(tail -1 "$TMP/err")
[ $rc -eq 2 ] && grep -q "caps.xml:3: cpu 0 lists more than" "$TMP/err" && ok "2,000 CPUs with siblings 0-65535: exit 2, file:line" \
  || not_ok "huge siblings" "exit $rc"
[ "$kib" -lt 102400 ] && ok "huge siblings: memory bounded (${kib} KiB)" || not_ok "huge siblings took ${kib} KiB"

python3 -c "
print('<domain type=\'kvm\'><name>x</name><devices><disk ' + ' '.join('a%d=\'1\'' % i for i in range(1000000)) + '/></devices></domain>')" >"$TMP/attrs.xml"
run check "$TMP/attrs.xml"; expect_rc 2 "10^6 attributes on one element: exit 2"
expect_err "attrs.xml:1: an element with more than" "too many attributes names file:line"
finish

#!/bin/sh
# Suppressions (metadata, comments, config per-path ignores, baselines) and
# config discovery.
. "$(dirname "$0")/../lib.sh"
NS=https://guardian-virt.dev/xmlns/guardian/1
base() { # $1: extra metadata, $2: comment before <clock>
  cat <<XML
<domain type='kvm'>
  <name>sup</name>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>
      <libosinfo:os id='http://microsoft.com/win/11'/>
    </libosinfo:libosinfo>
    $1
  </metadata>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  $2
  <clock offset='utc'>
    <timer name='rtc' tickpolicy='catchup'/>
    <timer name='pit' tickpolicy='delay'/>
    <timer name='hpet' present='no'/>
    <timer name='hypervclock' present='yes'/>
  </clock>
</domain>
XML
}
base "" "" >"$TMP/plain.xml"
run check --no-config --select CLK005 --fail-on info "$TMP/plain.xml"; expect_rc 1 "CLK005 fires without suppression"

base "<guardian:ignore xmlns:guardian='$NS' rules='CLK005' reason='dual boot keeps UTC'/>" "" >"$TMP/meta.xml"
run check --no-config --select CLK005 --fail-on info "$TMP/meta.xml"; expect_rc 0 "metadata ignore suppresses"
run check --no-config --select CLK005 --fail-on info -f json "$TMP/meta.xml"
python3 - "$out" <<'PY' && ok "suppressed findings are counted, not listed" || not_ok "suppressed count"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["findings"] == [] and d["summary"]["suppressed"] == 1, d["summary"]
PY

base "" "<!-- guardian-ignore: CLK005 host clock is UTC by policy -->" >"$TMP/comment.xml"
run check --no-config --select CLK005,CLK001 --fail-on info "$TMP/comment.xml"; expect_rc 0 "comment before element suppresses"
base "" "<!-- guardian-ignore: CLK002 wrong rule -->" >"$TMP/comment2.xml"
run check --no-config --select CLK005 --fail-on info "$TMP/comment2.xml"; expect_rc 1 "comment for another rule does not suppress"

# The metadata survives libvirt: define and dump through the test driver.
if command -v virsh >/dev/null; then
  virsh -q -c test:///default "define $TMP/meta.xml; dumpxml sup" >"$TMP/dumped.xml" 2>"$TMP/virsh.err"
  if grep -q "guardian:ignore" "$TMP/dumped.xml" || grep -q "$NS" "$TMP/dumped.xml"; then
    ok "libvirt keeps guardian's metadata"
  else
    not_ok "libvirt keeps guardian's metadata" "$(cat "$TMP/virsh.err")"
  fi
  run check --no-config --select CLK005 --fail-on info "$TMP/dumped.xml"; expect_rc 0 "dumped XML is still suppressed"
else
  not_ok "virsh is installed (libvirt-clients)"
fi

# Config discovery from the file's directory upward.
mkdir -p "$TMP/proj/vms/legacy"
cp "$TMP/plain.xml" "$TMP/proj/vms/a.xml"
cp "$TMP/plain.xml" "$TMP/proj/vms/legacy/b.xml"
cat >"$TMP/proj/.guardian.conf" <<'CONF'
[guardian]
select = clock
fail-on = info

[severity]
CLK005 = error

[per-path-ignores]
vms/legacy/*.xml = CLK005
CONF
(cd "$TMP" && "$G" check -f json proj >"$TMP/cfg.json" 2>"$TMP/cfg.err"); rc=$?
expect_rc 1 "config applies (fail-on info, select clock)"
python3 - "$TMP/cfg.json" <<'PY' && ok "severity override and per-path ignore apply" || not_ok "config effects"
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["rule"] == "CLK005"]
assert len(f) == 1 and f[0]["file"].endswith("vms/a.xml") and f[0]["severity"] == "error", f
assert d["summary"]["suppressed"] == 1
PY
(cd "$TMP" && "$G" check -f sarif proj >"$TMP/cfg.sarif" 2>/dev/null)
python3 - "$TMP/cfg.sarif" <<'PY' && ok "a per-path ignore is an external suppression" || not_ok "per-path ignore kind" "$TMP/cfg.sarif"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
sup = [r for r in res if r.get("suppressions")]
assert len(sup) == 1 and sup[0]["ruleId"] == "CLK005", sup
assert sup[0]["suppressions"] == [{"kind": "external", "status": "accepted",
                                  "justification": "per-path ignore in config"}], sup
PY
run check --no-config --select CLK005 "$TMP/proj/vms/a.xml"; expect_rc 0 "--no-config ignores the file (info, fail-on warning)"
printf '[guardian]\nselect = NOPE77\n' >"$TMP/bad.conf"
run check --config "$TMP/bad.conf" "$TMP/plain.xml"; expect_rc 2 "bad config is exit 2"
expect_err "bad.conf" "error names the config file"
printf '[guardain]\n' >"$TMP/typo.conf"
run check --config "$TMP/typo.conf" "$TMP/plain.xml"; expect_rc 2 "unknown config section is exit 2"

# Baseline: record, then only new findings count.
run check --no-config --select clock --fail-on info --write-baseline "$TMP/base.json" "$TMP/plain.xml"
expect_rc 0 "writing a baseline accepts current findings"
run check --no-config --select clock --fail-on info --baseline "$TMP/base.json" "$TMP/plain.xml"
expect_rc 0 "baselined findings are suppressed"
sed 's/<vcpu>1</<vcpu>2</; s/present=.no./present="yes"/' "$TMP/plain.xml" >"$TMP/plain2.xml"
cp "$TMP/plain2.xml" "$TMP/plain.xml"
run check --no-config --select clock --fail-on info --baseline "$TMP/base.json" -f json "$TMP/plain.xml"
expect_rc 1 "a new finding is reported despite the baseline"
python3 - "$out" <<'PY' && ok "only the new finding (CLK002) is active" || not_ok "baseline diff"
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["rule"] for f in d["findings"]] == ["CLK002"], d["findings"]
PY
echo '{}' >"$TMP/notbase.json"
run check --no-config --baseline "$TMP/notbase.json" "$TMP/plain.xml"; expect_rc 2 "bad baseline is exit 2"
finish

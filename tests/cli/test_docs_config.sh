#!/bin/sh
# docs/configuration.md's examples work when copied: the config file block
# is read as written, and the suppression XML snippets suppress.
. "$(dirname "$0")/../lib.sh"
W=examples/win11-virt-install.xml
mkdir -p "$TMP/proj/host" "$TMP/proj/vms/legacy"
# The first ```ini block, as documented.
awk '/^```ini$/ {on=1; next} on && /^```$/ {exit} on' docs/configuration.md >"$TMP/proj/.guardian.conf"
cp examples/host-intel.xml "$TMP/proj/host/caps.xml"
cp tests/data/domcaps/session-qemu-x86_64.xml "$TMP/proj/host/dc.xml"
mkdir -p "$TMP/proj/host/images"; cp tests/data/images/data-1t.json "$TMP/proj/host/images/"
cp $W "$TMP/proj/vms/legacy/a.xml"
[ -s "$TMP/proj/.guardian.conf" ] && ok "config example extracted" || not_ok "no ini block"
run check --show-settings "$TMP/proj/vms/legacy/a.xml"; expect_rc 0 "the documented config is accepted"
expect_out "host facts $TMP/proj/host/caps.xml" "host-caps is read relative to the file"
expect_out "fail-on    warning" "fail-on is read without its comment"
run check "$TMP/proj/vms/legacy/a.xml"; expect_no_out "DSK001\|NET001\|DSK002" "per-path ignores apply"
# Every guardian:ignore snippet in the docs and the man page uses the namespace the code accepts.
for f in docs/configuration.md docs/guardian.1 docs/integration.md README.md; do
  grep -o 'xmlns:guardian="[^"]*"' "$f" | sort -u | while read -r ns; do
    [ "$ns" = 'xmlns:guardian="https://guardian-virt.dev/xmlns/guardian/1"' ] || echo "$f: $ns"
  done
done >"$TMP/ns"
[ ! -s "$TMP/ns" ] && ok "docs show guardian's namespace" || not_ok "docs show another namespace: $(cat "$TMP/ns")"
# The first metadata snippet of docs/configuration.md suppresses HV016.
snip=$(awk '/^  ```xml$/ {on=1; next} on && /^  ```$/ {exit} on' docs/configuration.md | sed -n '1,4p' | tr -d '\n')
sed "s|<metadata>.*</metadata>||; s|</name>|</name>$snip|" $W >"$TMP/sup.xml"
run check --select HV016 --fail-on info "$TMP/sup.xml"; expect_rc 0 "the documented metadata snippet suppresses HV016"
expect_out "1 suppressed" "it is counted as suppressed"
# The comment snippet suppresses DSK001 on the disk after it.
comment=$(grep -m1 '^  <!-- guardian-ignore: ' docs/configuration.md | sed 's/^ *//')
awk -v c="$comment" '!done && /<disk / {print "    " c; done=1} {print}' $W >"$TMP/cmt.xml"
run check --select DSK001 "$TMP/cmt.xml"; expect_rc 0 "the documented comment snippet suppresses DSK001"
expect_out "1 suppressed" "it is counted as suppressed"
# Impact notes name a source users can read: docs/performance.md has each
# matrix row they quote, and explain points there.
run rules -f json
python3 - "$out" docs/performance.md <<'PY' && ok "every impact cites performance.md or upstream/libvirt; matrix impacts are in the doc" || not_ok "impact sources"
import json, re, sys
rules = json.load(open(sys.argv[1])); doc = open(sys.argv[2]).read()
for r in rules:
    imp = r["impact"]
    assert not re.match(r"(matrix|seed)\b", imp), (r["id"], imp)
    if imp.startswith("performance.md matrix:"):
        effect = imp.split("->")[-1].split(";")[0].strip()
        assert effect.split()[0] in doc, (r["id"], effect)
        assert r["id"] in doc, r["id"]
PY
run explain HV002; expect_out "^Source: docs/performance.md" "explain points to docs/performance.md"
finish

#!/bin/sh
# Every guardian command shown in README.md, docs/*.md and the man page
# runs as written (tests/cli/doc_examples.py extracts them and maps
# placeholders, hosts and system paths to local stand-ins): it exits 0 or 1
# (findings), never 2 (usage or input error). Other commands in the docs
# (make, virsh, git, pre-commit) are not guardian's and are not run here;
# `make demo` and the pre-commit hooks have their own tests (test_makefile.sh,
# test_precommit.sh).
. "$(dirname "$0")/../lib.sh"
REPO=$(pwd)
S="$TMP/scratch"
mkdir -p "$S/vms" "$S/outdir" "$S/ci" "$S/tmp"
W=examples/win11-virt-install.xml
for f in vm.xml win11.xml vms/win11.xml outdir/vm.xml; do cp $W "$S/$f"; done
cp examples/win11-tuned.xml "$S/vms/win11-tuned.xml"
for f in caps.xml host.xml ci/host-caps.xml; do cp examples/host-intel.xml "$S/$f"; done
cp tests/data/domcaps/session-qemu-x86_64.xml "$S/dc.xml"
mkdir -p "$S/imgs"; cp tests/data/images/*.json "$S/imgs/"  # qemu-img info JSON (--image-info)
# A libvirt test-driver host with the domains the examples name.
sed '/<uuid>/d' $W >"$S/d-win11.xml"
sed '/<uuid>/d; s|<name>win11</name>|<name>win10</name>|' $W >"$S/d-win10.xml"
cat >"$S/node.xml" <<'XML'
<node>
  <cpu><mhz>3000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>
    <cores>4</cores><threads>2</threads><active>8</active></cpu>
  <memory>33554432</memory>
  <domain file='d-win11.xml'/>
  <domain file='d-win10.xml'/>
</node>
XML
python3 tests/cli/doc_examples.py "$REPO" >"$TMP/examples.tsv" || not_ok "extract examples"
n=$(wc -l <"$TMP/examples.tsv")
[ "$n" -ge 40 ] && ok "$n examples found in README, docs/ and the man page" || not_ok "only $n examples found"
while IFS="$(printf '\t')" read -r where orig cmd; do
  case "$cmd" in *'$URI'*) [ -x "$(command -v virsh)" ] || { ok "# SKIP $where: needs libvirt"; continue; } ;; esac
  (cd "$S" && G="$G" URI="test://$S/node.xml" REPO="$REPO" GITHUB_STEP_SUMMARY="$S/summary.md" \
    sh -c "$cmd" >"$TMP/out" 2>"$TMP/err" </dev/null)
  rc=$?
  if [ $rc -le 1 ] && ! grep -q "Try 'guardian" "$TMP/err"; then
    ok "$where: $orig"
  else
    not_ok "$where: $orig" "exit $rc running: $cmd"
  fi
done <"$TMP/examples.tsv"
# What the examples wrote is what they say.
[ -s "$S/fix.patch" ] && grep -q '^--- a/' "$S/fix.patch" && ok "--diff > fix.patch is a patch" || not_ok "fix.patch"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))["runs"]' "$S/guardian.sarif" && ok "-o guardian.sarif is SARIF" || not_ok "guardian.sarif"
xmllint --noout "$S/guardian-junit.xml" && ok "-o guardian-junit.xml is XML" || not_ok "guardian-junit.xml"
grep -q '^# guardian performance review' "$S/summary.md" && ok "the job summary got the Markdown review" || not_ok "summary.md"
[ -s "$S/guardian-baseline.json" ] && ok "--write-baseline wrote the baseline" || not_ok "baseline"
# Every ```xml example in README, docs/ and the rule pages is well-formed
# (as a fragment, with the prefixes the examples use declared).
python3 - README.md docs/*.md docs/rules/*.md <<'PY' && ok "every xml example is well-formed" || not_ok "xml examples"
import re, sys
from xml.dom import minidom
root = ('<r xmlns:guardian="urn:g" xmlns:gdn="urn:x-guardian:fixer" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">%s</r>')
n = bad = 0
for p in sys.argv[1:]:
    t = open(p, encoding="utf-8").read()
    for m in re.finditer(r"^\s*```xml\n(.*?)^\s*```", t, re.S | re.M):
        n += 1
        try:
            minidom.parseString(root % m.group(1))
        except Exception as e:
            bad += 1
            print("%s:%d: %s" % (p, t[:m.start()].count("\n") + 1, e))
print("%d xml examples" % n)
assert n > 100 and bad == 0
PY
finish

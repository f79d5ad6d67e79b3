#!/bin/sh
# Speed and memory targets (DESIGN.md): checking the whole corpus in one
# process within 1.5x of `xmllint --noout` over the same files; memory flat
# in the number of files; -j scaling. Prints measurements and fails when a
# target is missed.
set -eu
cd "$(dirname "$0")/.."
CORPUS=${GDN_CORPUS:-../shared/corpus}
# A clone elsewhere (CI) still finds the shared corpus.
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
find "$CORPUS" -name '*.xml' -type f | sort >"$tmp/files"
best() { # best of 5 wall-clock runs of "$@", in ms
  b=999999
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    t=$(( (e - s) / 1000000 )); [ $t -lt $b ] && b=$t
  done
  echo $b
}
x=$(best sh -c "xargs xmllint --noout <'$tmp/files'")
g1=$(best ./guardian check -q -j 1 "$CORPUS")
g2=$(best ./guardian check -q -j 2 "$CORPUS")
echo "xmllint --noout:        ${x} ms"
echo "guardian check -j 1:    ${g1} ms  ($(python3 -c "print(round($g1/$x,2))")x xmllint)"
echo "guardian check -j 2:    ${g2} ms"
cat >"$tmp/identity.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
</xsl:stylesheet>
XSL
xi=$(best sh -c "xargs xsltproc '$tmp/identity.xsl' <'$tmp/files'")
fx=$(best ./guardian check -q -j 1 --diff "$CORPUS")
echo "xsltproc identity:      ${xi} ms"
echo "guardian --diff -j 1:   ${fx} ms  ($(python3 -c "print(round($fx/$xi,2))")x xsltproc)"
head -n 200 "$tmp/files" | xargs /usr/bin/time -f '%M' ./guardian check -q -j 1 >/dev/null 2>"$tmp/m1" || true
xargs /usr/bin/time -f '%M' ./guardian check -q -j 1 <"$tmp/files" >/dev/null 2>"$tmp/m2" || true
m1=$(tail -1 "$tmp/m1"); m2=$(tail -1 "$tmp/m2")
echo "max RSS: 200 files ${m1} KiB, all files ${m2} KiB"
# ---- pathological inputs (issue #11 item 7): time linear in the input ----
# Each input is built to hit a once-quadratic path: one-line (minified) XML
# (columns), thousands of same-named siblings (element paths), elements at
# the attribute limit (libxml2's duplicate check), many cpuset exclusions.
# Target: guardian within 10x `xmllint --noout` on the same file; 10^6
# attributes on one element (quadratic in libxml2 itself, minutes in
# xmllint) must be refused within 1 s.
pathological() {
  python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
head = "<domain type='kvm'><name>p</name><memory>1048576</memory><vcpu>4</vcpu>" \
       "<os><type arch='x86_64' machine='q35'>hvm</type></os>"
disk = "<disk type='file' device='disk'><driver name='qemu' type='raw' cache='writeback'/>" \
       "<source file='/v/%d.img'/><target dev='vd%d' bus='sata'/></disk>"
open(d + "/oneline.xml", "w").write(head + "<devices>" + "".join(disk % (i, i) for i in range(20000)) + "</devices></domain>")
open(d + "/siblings.xml", "w").write(head + "\n<devices>\n" + "\n".join(disk % (i, i) for i in range(20000)) + "\n</devices>\n</domain>\n")
attrs = " ".join("a%d='1'" % i for i in range(250))
open(d + "/attrs.xml", "w").write(head + "<devices>\n" + "\n".join("<input type='tablet' %s/>" % attrs for _ in range(2000)) + "\n</devices></domain>\n")
excl = ",".join("^%d" % i for i in range(1, 65535, 2))
open(d + "/cpuset.xml", "w").write(head.replace("<vcpu>4</vcpu>", "<vcpu cpuset='0-65535,%s'>4</vcpu>" % excl) + "</domain>\n")
open(d + "/attrs1e6.xml", "w").write(head + "<devices><disk " + " ".join("a%d='1'" % i for i in range(1000000)) + "/></devices></domain>\n")
PY
  for f in oneline siblings attrs cpuset; do
    px=$(best xmllint --noout "$tmp/$f.xml")
    pg=$(best ./guardian check -q -j 1 "$tmp/$f.xml")
    echo "pathological $f: guardian ${pg} ms, xmllint ${px} ms"
    # 20 ms floor: start-up dominates tiny times.
    python3 -c "import sys; sys.exit(0 if $pg <= 10*max($px, 20) else 1)" \
      || { echo "FAIL: pathological $f slower than 10x xmllint"; ok=0; }
  done
  pa=$(best ./guardian check -q "$tmp/attrs1e6.xml")
  echo "pathological 10^6 attributes: guardian ${pa} ms (refused)"
  [ "$pa" -le 1000 ] || { echo "FAIL: 10^6 attributes not refused within 1 s"; ok=0; }
}
# ---- end pathological inputs ----
ok=1
pathological
python3 -c "import sys; sys.exit(0 if $g1 <= 1.5*$x else 1)" || { echo "FAIL: check slower than 1.5x xmllint"; ok=0; }
python3 -c "import sys; sys.exit(0 if $m2 <= 2*$m1 + 8192 else 1)" || { echo "FAIL: memory grows with files"; ok=0; }
python3 -c "import sys; sys.exit(0 if $fx <= 3*$xi else 1)" || { echo "FAIL: fixing slower than 3x xsltproc (one chained transform per finding)"; ok=0; }
[ $ok -eq 1 ] && echo "bench: all targets met"
[ $ok -eq 1 ]

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
ok=1
python3 -c "import sys; sys.exit(0 if $g1 <= 1.5*$x else 1)" || { echo "FAIL: check slower than 1.5x xmllint"; ok=0; }
python3 -c "import sys; sys.exit(0 if $m2 <= 2*$m1 + 8192 else 1)" || { echo "FAIL: memory grows with files"; ok=0; }
python3 -c "import sys; sys.exit(0 if $fx <= 3*$xi else 1)" || { echo "FAIL: fixing slower than 3x xsltproc (one chained transform per finding)"; ok=0; }
[ $ok -eq 1 ] && echo "bench: all targets met"
[ $ok -eq 1 ]

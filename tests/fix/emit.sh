#!/bin/sh
# --emit-xslt with fixes that select the finding's node (gdn:target(), one
# per disk; batched into one pass by guardian): xsltproc on the emitted
# stylesheet must give the tree --fix writes, for every fixture below.
set -u
ROOT=$(pwd)
G="$ROOT/guardian"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
canon() { xmllint --noblanks "$1" | xmllint --c14n -; }
for fx in DSK004 DSK005 DSK003-target DSK002 DSK001-implied; do
    src="$ROOT/tests/data/fix-rules/$fx.xml"
    d="$T/$fx"; mkdir -p "$d"; cp "$src" "$d/in.xml"; cp "$src" "$d/fixed.xml"
    sel="DSK001,DSK002,DSK003,DSK004,DSK005,DSK006,Q007"
    "$G" check -q --no-config --select "$sel" --unsafe-fixes --emit-xslt "$d/x" "$d/in.xml" > /dev/null 2>&1
    "$G" check -q --no-config --select "$sel" --unsafe-fixes --fix "$d/fixed.xml" > /dev/null 2>&1
    xsl=$(ls "$d"/x/*.xsl 2>/dev/null | head -1)
    if [ -z "$xsl" ] || ! grep -q "target(" "$xsl"; then
        echo "not ok - $fx: the emitted stylesheet has no target function"; fails=$((fails + 1)); continue
    fi
    if ! xsltproc "$xsl" "$d/in.xml" > "$d/via.xml" 2> "$d/err"; then
        echo "not ok - $fx: xsltproc failed: $(head -3 "$d/err")"; fails=$((fails + 1)); continue
    fi
    if [ "$(canon "$d/via.xml")" = "$(canon "$d/fixed.xml")" ] && ! cmp -s "$d/in.xml" "$d/fixed.xml"; then
        echo "ok - $fx: xsltproc of --emit-xslt == --fix"
    else
        echo "not ok - $fx: the emitted stylesheet gives another tree"; fails=$((fails + 1))
    fi
done
[ $fails -eq 0 ] && echo "emit: all passed" || { echo "emit: $fails failed"; exit 1; }

#!/bin/sh
# --emit-xslt with fixes that select the finding's node (gdn:target(), one
# per disk; batched into one pass by guardian): xsltproc on the emitted
# stylesheet must give the tree --fix writes, for every fixture below.
. "$(dirname "$0")/../lib.sh"
canon() { xmllint --noblanks "$1" | xmllint --c14n -; }
sel="DSK001,DSK002,DSK003,DSK004,DSK005,DSK006,Q007"
for fx in DSK004 DSK005 DSK003-target DSK002 DSK001-implied; do
  src="$ROOT/tests/data/fix-rules/$fx.xml"
  d="$TMP/$fx"; mkdir -p "$d"; cp "$src" "$d/in.xml"; cp "$src" "$d/fixed.xml"
  "$G" check -q --no-config --select "$sel" --unsafe-fixes --emit-xslt "$d/x" "$d/in.xml" >/dev/null 2>&1
  "$G" check -q --no-config --select "$sel" --unsafe-fixes --fix "$d/fixed.xml" >/dev/null 2>&1
  xsl=$(ls "$d"/x/*.xsl 2>/dev/null | head -1)
  if [ -z "$xsl" ] || ! grep -q "target(" "$xsl"; then
    not_ok "$fx: the emitted stylesheet has a target function"; continue
  fi
  if ! xsltproc "$xsl" "$d/in.xml" >"$d/via.xml" 2>"$d/err"; then
    not_ok "$fx: xsltproc runs the emitted stylesheet" "$d/err"; continue
  fi
  if [ "$(canon "$d/via.xml")" = "$(canon "$d/fixed.xml")" ] && ! cmp -s "$d/in.xml" "$d/fixed.xml"; then
    ok "$fx: xsltproc of --emit-xslt == --fix"
  else
    not_ok "$fx: xsltproc of --emit-xslt == --fix" "$(diff -u "$d/fixed.xml" "$d/via.xml")"
  fi
done
finish

#!/bin/sh
# Output cannot be forged: a value from the input (attribute, file name)
# carrying a newline, ESC or a C1 control (CSI) never starts a report line nor reaches the
# terminal raw, in text, markdown, junit and stderr diagnostics.
. tests/cli/lib.sh
sed "s|cache='none'|cache='x\&#10;evil.xml:1:1: error: FAKE\&#x9b;2J'|; s|cache=\"none\"|cache=\"x\&#10;evil.xml:1:1: error: FAKE\&#x9b;2J\"|" \
  examples/win11-tuned.xml >"$TMP/d.xml"
grep -q "evil.xml" "$TMP/d.xml" || { not_ok "fixture has the forged value"; finish; }
esc=$(printf '\033'); csi=$(printf '\302\233')
for f in text markdown junit; do
  run check --select storage -f $f "$TMP/d.xml"
  if grep -q "^evil.xml" "$out" || grep -q "$esc" "$out" || grep -q "$csi" "$out"; then not_ok "$f: no forged line, no ESC" "$(grep -n evil "$out" | head -3)"
  else ok "$f: no forged line, no ESC"; fi
  grep -q 'FAKE' "$out" && ok "$f: the value is still shown (escaped)" || not_ok "$f: value shown"
done
run check --select storage -f github "$TMP/d.xml"
if grep -q "^evil.xml" "$out"; then not_ok "github: no forged line"; else ok "github: no forged line"; fi
run check --select storage -f junit "$TMP/d.xml"
xmllint --noout "$out" && ok "junit stays well-formed XML" || not_ok "junit well-formed"
nl="$TMP/$(printf 'a\nevil.xml:1:1: error: FAKE\033[2J')"
mkdir -p "$nl"; printf '<domain>\n' >"$nl/x.xml"
run check "$nl/x.xml"; expect_rc 2 "broken file in an oddly named directory: exit 2"
if grep -q "^evil.xml" "$err" || grep -q "$esc" "$err"; then not_ok "file names cannot forge a diagnostic"; else ok "file names cannot forge a diagnostic"; fi
cp examples/win11-virt-install.xml "$nl/y.xml"
run check --fix "$nl/y.xml"
if grep -q "^evil.xml" "$err" || grep -q "$esc" "$err"; then not_ok "file names cannot forge a fix note" "$(cat "$err")"
else grep -q "fixed:" "$err" && ok "file names cannot forge a fix note" || not_ok "fix note shown"; fi
finish

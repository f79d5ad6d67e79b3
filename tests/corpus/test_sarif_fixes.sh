#!/bin/sh
# SARIF's per-result fixes over the corpus: each result's fix, applied alone
# to the original file, gives XML that validates against libvirt's domain
# schema (wherever the original did) and no longer has that finding (rule
# and xpath). All rules, unsafe fixes included, Windows forced, Intel and
# AMD host facts. A fix's replacements are sorted, disjoint and start at
# distinct offsets, so every consumer applies them the same way.
. "$(dirname "$0")/../lib.sh"
CORPUS=${GDN_CORPUS:-../shared/corpus}
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
RNG=/usr/share/libvirt/schemas/domain.rng
[ -d "$CORPUS" ] || skip_all "$CORPUS not found (set GDN_CORPUS)"
find "$CORPUS" -name '*.xml' -type f | sort >"$TMP/files"
xargs xmllint --noout --relaxng $RNG <"$TMP/files" 2>&1 | sed -n 's/ validates$//p' >"$TMP/valid"
# One run over one directory (xargs could split a list into several runs).
mkdir "$TMP/in"
i=0
while read -r f; do i=$((i + 1)); cp "$f" "$TMP/in/$i.xml"; done <"$TMP/valid"
for host in intel amd; do
  opts="--no-config --guest windows --host-caps examples/host-$host.xml --select all --unsafe-fixes"
  v="$TMP/v-$host"; mkdir -p "$v"
  # shellcheck disable=SC2086
  "$G" check -q $opts --fail-on never -f sarif -o "$TMP/$host.sarif" -j 2 "$TMP/in" 2>"$TMP/$host.err"
  if python3 tests/sarif_fix.py "$TMP/$host.sarif" "$v" 2>"$TMP/apply-$host.err"; then
    ok "replacements sorted, disjoint, one per offset ($host)"
  else not_ok "replacements sorted, disjoint, one per offset ($host)" "$TMP/apply-$host.err"; fi
  n=$(wc -l <"$v/map")
  # Not vacuous: most findings of the corpus have a fix.
  [ "$n" -gt 10000 ] && ok "$n results with a fix ($host)" || not_ok "only $n results with a fix ($host)"
  cut -f1 "$v/map" | xargs xmllint --noout --relaxng $RNG 2>&1 | grep 'fails to validate' >"$TMP/bad-$host"
  if [ -s "$TMP/bad-$host" ]; then
    sed 's/ fails.*//' "$TMP/bad-$host" | head -10 | while read -r f; do grep "^$f	" "$v/map"; done >"$TMP/badmap-$host"
    not_ok "$(wc -l <"$TMP/bad-$host") fixes alone no longer validate ($host)" "$TMP/badmap-$host"
  else ok "each of $n fixes alone still validates ($host)"; fi
  # shellcheck disable=SC2086
  "$G" check -q $opts --fail-on never -f json -j 2 "$v" >"$TMP/after-$host.json" 2>/dev/null
  jq -r '.findings[] | [.file, .rule, .xpath] | @tsv' "$TMP/after-$host.json" | sort >"$TMP/after-$host"
  cut -f1-3 "$v/map" | sort | comm -12 - "$TMP/after-$host" >"$TMP/left-$host"
  if [ -s "$TMP/left-$host" ]; then
    not_ok "$(wc -l <"$TMP/left-$host") fixes alone leave their finding ($host)" "$TMP/left-$host"
  else ok "each fix alone removes its finding ($host)"; fi
done
finish

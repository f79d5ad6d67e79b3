#!/bin/sh
# Every fix guardian applies over the corpus yields XML that validates
# against libvirt's domain schema wherever the original did. All rules,
# unsafe fixes included, Windows forced (so HV/CLK apply), Intel and AMD host
# facts (so host-aware fixes apply). Also: no fix problems are reported, and
# a second --fix changes nothing.
. "$(dirname "$0")/../lib.sh"
CORPUS=${GDN_CORPUS:-../shared/corpus}
# A clone elsewhere (CI) still finds the shared corpus.
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
RNG=/usr/share/libvirt/schemas/domain.rng
[ -d "$CORPUS" ] || skip_all "$CORPUS not found (set GDN_CORPUS)"
tmp=$TMP
find "$CORPUS" -name '*.xml' -type f | sort >"$tmp/files"
xargs xmllint --noout --relaxng $RNG <"$tmp/files" 2>&1 | sed -n 's/ validates$//p' >"$tmp/valid"
echo "# corpus: $(wc -l <"$tmp/valid") of $(wc -l <"$tmp/files") files validate"
for host in intel amd; do
  d="$tmp/$host"; mkdir -p "$d"
  i=0
  while read -r f; do
    i=$((i + 1)); cp "$f" "$d/$i.xml"; echo "$d/$i.xml $f" >>"$tmp/map-$host"
  done <"$tmp/valid"
  # The shared corpus is read-only, and --fix refuses files their owner
  # cannot write: the copies are ours to fix.
  chmod u+w "$d"/*.xml
  ./guardian check -q --no-config --guest windows --host-caps "examples/host-$host.xml" --select all \
    --fix --unsafe-fixes --fail-on never -j 2 "$d" >/dev/null 2>"$tmp/fix-$host.err"
  rc=$?
  [ $rc -le 1 ] && ok "--fix exits $rc ($host)" || not_ok "--fix exited $rc ($host)" "$tmp/fix-$host.err"
  if grep ": fix: " "$tmp/fix-$host.err" >"$tmp/problems-$host"; then
    not_ok "no fix problems reported ($host)" "$tmp/problems-$host"
  else ok "no fix problems reported ($host)"; fi
  changed=0
  while read -r copy orig; do
    cmp -s "$copy" "$orig" || { changed=$((changed + 1)); echo "$copy" >>"$tmp/changed-$host"; }
  done <"$tmp/map-$host"
  bad=$(xargs xmllint --noout --relaxng $RNG <"$tmp/changed-$host" 2>&1 | grep -c 'fails to validate')
  if [ "$bad" -ne 0 ]; then
    xargs xmllint --noout --relaxng $RNG <"$tmp/changed-$host" 2>&1 | grep 'fails to validate' | head -10 |
      while read -r line; do c=${line%% *}; grep "^$c " "$tmp/map-$host"; done >"$tmp/invalid-$host"
    not_ok "$bad fixed files no longer validate ($host)" "$tmp/invalid-$host"
  else
    ok "$changed fixed files all still validate ($host host)"
  fi
  ./guardian check -q --no-config --guest windows --host-caps "examples/host-$host.xml" --select all \
    --diff --unsafe-fixes -j 2 "$d" >"$tmp/again-$host.diff" 2>/dev/null
  if [ -s "$tmp/again-$host.diff" ]; then
    grep '^+++ ' "$tmp/again-$host.diff" | head >"$tmp/again-$host"
    not_ok "a second run still changes files ($host)" "$tmp/again-$host"
  else
    ok "second run changes nothing ($host)"
  fi
done
finish

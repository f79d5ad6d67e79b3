#!/bin/sh
# Every fix guardian applies over the corpus yields XML that validates
# against libvirt's domain schema wherever the original did. All rules,
# unsafe fixes included, Windows forced (so HV/CLK apply), Intel and AMD host
# facts (so host-aware fixes apply). Also: no fix problems are reported, and
# a second --fix changes nothing.
cd "$(dirname "$0")/../.." || exit 2
CORPUS=${GDN_CORPUS:-../shared/corpus}
# A clone elsewhere (CI) still finds the shared corpus.
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
RNG=/usr/share/libvirt/schemas/domain.rng
if [ ! -d "$CORPUS" ]; then echo "SKIP corpus fix test: $CORPUS not found"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
find "$CORPUS" -name '*.xml' -type f | sort >"$tmp/files"
xargs xmllint --noout --relaxng $RNG <"$tmp/files" 2>&1 | sed -n 's/ validates$//p' >"$tmp/valid"
echo "corpus: $(wc -l <"$tmp/valid") of $(wc -l <"$tmp/files") files validate"
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
  [ $rc -le 1 ] || { echo "not ok - --fix exited $rc ($host)"; head -20 "$tmp/fix-$host.err"; fail=1; }
  if grep -q ": fix: " "$tmp/fix-$host.err"; then
    echo "not ok - fix problems reported ($host):"; grep ": fix: " "$tmp/fix-$host.err" | head -20; fail=1
  fi
  changed=0
  while read -r copy orig; do
    cmp -s "$copy" "$orig" || { changed=$((changed + 1)); echo "$copy" >>"$tmp/changed-$host"; }
  done <"$tmp/map-$host"
  bad=$(xargs xmllint --noout --relaxng $RNG <"$tmp/changed-$host" 2>&1 | grep -c 'fails to validate')
  if [ "$bad" -ne 0 ]; then
    echo "not ok - $bad fixed files no longer validate ($host):"
    xargs xmllint --noout --relaxng $RNG <"$tmp/changed-$host" 2>&1 | grep 'fails to validate' | head -10 |
      while read -r line; do c=${line%% *}; grep "^$c " "$tmp/map-$host"; done
    fail=1
  else
    echo "ok - $changed fixed files all still validate ($host host)"
  fi
  ./guardian check -q --no-config --guest windows --host-caps "examples/host-$host.xml" --select all \
    --diff --unsafe-fixes -j 2 "$d" >"$tmp/again-$host.diff" 2>/dev/null
  if [ -s "$tmp/again-$host.diff" ]; then
    echo "not ok - a second run still changes files ($host):"; grep '^+++ ' "$tmp/again-$host.diff" | head; fail=1
  else
    echo "ok - second run changes nothing ($host)"
  fi
done
exit $fail

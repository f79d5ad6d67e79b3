#!/bin/sh
# Runs guardian over every file of ../shared/corpus (or $GDN_CORPUS):
# no crash, exit 0/1/2 only, exit-2 errors exactly for the files xmllint
# also rejects, output independent of -j, and (with VALGRIND=1) no memory
# errors or definite leaks, checking and offering SARIF's fixes.
. "$(dirname "$0")/../lib.sh"
CORPUS=${GDN_CORPUS:-../shared/corpus}
# A clone elsewhere (CI) still finds the shared corpus.
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
[ -d "$CORPUS" ] || skip_all "$CORPUS not found (set GDN_CORPUS)"
tmp=$TMP

find "$CORPUS" -name '*.xml' -type f | sort >"$tmp/files"
n=$(wc -l <"$tmp/files")
echo "# corpus: $n files"

./guardian check -q -j 2 -f json "$CORPUS" >"$tmp/j2.json" 2>"$tmp/j2.err"
rc=$?
case $rc in
  0|1|2) ok "whole corpus in one process, exit $rc" ;;
  *) not_ok "guardian exited $rc on the corpus" "$tmp/j2.err" ;;
esac

./guardian check -q -j 1 -f json "$CORPUS" >"$tmp/j1.json" 2>/dev/null
check "output identical with -j 1 and -j 2" cmp -s "$tmp/j1.json" "$tmp/j2.json"

# Every file separately: exit status per file, no crash.
bad=0
while read -r f; do
  ./guardian check -q "$f" >/dev/null 2>&1
  r=$?
  [ $r -le 2 ] || { echo "exit $r on $f" >>"$tmp/bad"; bad=1; }
done <"$tmp/files"
[ $bad -eq 0 ] && ok "every file alone exits 0, 1 or 2" || not_ok "every file alone exits 0, 1 or 2" "$tmp/bad"

# Files guardian rejects must be exactly those xmllint rejects.
xargs xmllint --noout <"$tmp/files" 2>&1 >/dev/null |
  sed -n 's/^\([^:]*\.xml\):[0-9]*: .*/\1/p' | sort -u >"$tmp/xmllint-bad"
python3 - "$tmp/j2.json" "$tmp/xmllint-bad" >"$tmp/rej" <<'PY' && ok "$(cat "$tmp/rej")" || not_ok "rejected files differ from xmllint's" "$tmp/rej"
import json, sys
d = json.load(open(sys.argv[1]))
ours = {e["file"] for e in d["errors"]}
theirs = {l.strip() for l in open(sys.argv[2]) if l.strip()}
only_ours = sorted(ours - theirs)
only_theirs = sorted(theirs - ours)
if only_ours or only_theirs:
    for f in only_ours[:20]: print("only guardian:", f)
    for f in only_theirs[:20]: print("only xmllint:", f)
    sys.exit(1)
s = d["summary"]
print(f"{len(ours)} rejected files match xmllint; {s['domains']} domains checked, "
      f"{s['skipped']} skipped, {s['findings']} findings")
PY

if [ "${VALGRIND:-0}" = 1 ]; then
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    ./guardian check -q -j 2 -f json "$CORPUS" >/dev/null 2>"$tmp/vg"
  r=$?
  if [ $r -eq 99 ]; then not_ok "valgrind found errors" "$tmp/vg"
  else ok "valgrind clean over the corpus (exit $r)"; fi
  # The fixer as SARIF runs it: every fix alone, offered after its check.
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    ./guardian check -q -j 2 --no-config --guest windows --host-caps examples/host-intel.xml \
    --select all --unsafe-fixes -f sarif "$CORPUS" >/dev/null 2>"$tmp/vg-sarif"
  r=$?
  if [ $r -eq 99 ]; then not_ok "valgrind found errors (SARIF fixes)" "$tmp/vg-sarif"
  else ok "valgrind clean over the corpus with SARIF's fixes (exit $r)"; fi
fi
finish

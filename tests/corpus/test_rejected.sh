#!/bin/sh
# libvirt 9.0's own rejection tests as training data (issue 13):
# every in-area case in tests/data/rejected/cases.tsv must get an error
# finding of the rule it names, and no corpus file libvirt accepts (all but
# REJECTED.tsv's) may get an error finding beyond those listed, with the
# reason, in tests/data/rejected/accepted-errors.tsv.
. "$(dirname "$0")/../lib.sh"
CORPUS=${GDN_CORPUS:-../shared/corpus}
[ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
DIR=$CORPUS/libvirt-9.0.0/tests/qemuxml2argvdata
[ -f "$CORPUS/libvirt-9.0.0/REJECTED.tsv" ] ||
  skip_all "$CORPUS/libvirt-9.0.0/REJECTED.tsv not found (set GDN_CORPUS)"
tmp=$TMP
caught=0 cases=0

while IFS='	' read -r file rule opts; do
  case $file in ''|'#'*) continue ;; esac
  cases=$((cases + 1))
  # shellcheck disable=SC2086 # opts are words
  "$G" check -q -f json $opts "$DIR/$file" >"$tmp/out.json" 2>/dev/null
  if python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if any(f["rule"]==sys.argv[2] and f["severity"]=="error" for f in d["findings"]) else 1)' \
      "$tmp/out.json" "$rule"; then
    caught=$((caught + 1))
    ok "$file: $rule error"
  else
    not_ok "$file: $rule error" "got: $(python3 -c 'import json,sys
print(", ".join(sorted({f["rule"]+":"+f["severity"] for f in json.load(open(sys.argv[1]))["findings"]})) or "no findings")' "$tmp/out.json")"
  fi
done <tests/data/rejected/cases.tsv
echo "# $caught of $cases in-area rejected cases get their error finding"

"$G" check -q -j 2 -f json "$CORPUS" >"$tmp/all.json" 2>/dev/null
what="no error finding on libvirt-accepted corpus files beyond accepted-errors.tsv"
python3 - "$tmp/all.json" "$CORPUS/libvirt-9.0.0/REJECTED.tsv" tests/data/rejected/accepted-errors.tsv >"$tmp/py.out" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
rejected = {l.split("\t")[0] for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")}
allowed = {}
for l in open(sys.argv[3]):
    if l.strip() and not l.startswith("#"):
        path, rule, _ = l.rstrip("\n").split("\t", 2)
        allowed[(path, rule)] = False
bad = []
for f in d["findings"]:
    if f["severity"] != "error":
        continue
    if "/qemuxml2argvdata/" in f["file"] and os.path.basename(f["file"]) in rejected:
        continue
    key = (f["file"].split("/corpus/", 1)[-1], f["rule"])
    if key in allowed:
        allowed[key] = True
    else:
        bad.append(f'{key[0]}:{f["line"]}: {f["rule"]} {f["message"]}')
for b in bad[:30]:
    print("#   accepted by libvirt, error here:", b)
stale = [k for k, seen in allowed.items() if not seen]
for k in stale:
    print("#   listed in accepted-errors.tsv but no longer reported:", *k)
print(f"# {len(bad)} unexpected error findings on libvirt-accepted corpus files"
      f" ({sum(allowed.values())} listed QEMU start failures)")
sys.exit(1 if bad or stale else 0)
PY
if [ $? -eq 0 ]; then ok "$what"; cat "$tmp/py.out"; else not_ok "$what" "$tmp/py.out"; fi
finish

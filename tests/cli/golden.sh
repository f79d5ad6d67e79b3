#!/bin/sh
# Golden CLI cases: tests/cli/cases/NAME.cmd holds the arguments (one line,
# paths relative to the repository root); NAME.out / NAME.err / NAME.rc hold
# the expected stdout, stderr and exit status. --update rewrites them.
cd "$(dirname "$0")/../.." || exit 2
update=0
[ "${1:-}" = "--update" ] && update=1
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cmd in tests/cli/cases/*.cmd; do
  [ -f "$cmd" ] || continue
  name=${cmd%.cmd}
  stdin=/dev/null
  [ -f "$name.stdin" ] && stdin="$name.stdin"
  # shellcheck disable=SC2046
  ./guardian $(cat "$cmd") <"$stdin" >"$tmp/out" 2>"$tmp/err"
  echo $? >"$tmp/rc"
  if [ $update -eq 1 ]; then
    cp "$tmp/out" "$name.out"; cp "$tmp/err" "$name.err"; cp "$tmp/rc" "$name.rc"
    echo "updated $name"
    continue
  fi
  for k in out err rc; do
    if ! diff -u "$name.$k" "$tmp/$k" >"$tmp/diff"; then
      echo "not ok - $name ($k differs)"; sed 's/^/#   /' "$tmp/diff" | head -40
      fails=$((fails + 1))
      continue 2
    fi
  done
  echo "ok - $name"
done
[ $fails -eq 0 ]

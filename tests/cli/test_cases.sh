#!/bin/sh
# Golden CLI cases: tests/cli/cases/NAME.cmd holds the arguments (one line,
# paths relative to the repository root; NAME.stdin, if present, is the
# input); NAME.out / NAME.err / NAME.rc hold the expected stdout, stderr and
# exit status (GDN_REGENERATE=1, i.e. make regenerate, rewrites them).
. "$(dirname "$0")/../lib.sh"
for cmd in tests/cli/cases/*.cmd; do
  [ -f "$cmd" ] || continue
  name=${cmd%.cmd}
  stdin=/dev/null
  [ -f "$name.stdin" ] && stdin="$name.stdin"
  # shellcheck disable=SC2046
  "$G" $(cat "$cmd") <"$stdin" >"$TMP/out" 2>"$TMP/err"
  echo $? >"$TMP/rc"
  for k in out err rc; do
    golden "$name.$k" "$TMP/$k" "$(basename "$name") ($k)"
  done
done
finish

# Shared helpers for the shell tests: run guardian, assert outcomes.
G="${GUARDIAN:-$(pwd)/guardian}"
FAILS=0
TESTS=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run ARGS...: runs guardian, sets $rc, $out (stdout file), $err (stderr file)
run() {
  out="$TMP/out" err="$TMP/err"
  "$G" "$@" >"$out" 2>"$err"
  rc=$?
}

ok() { TESTS=$((TESTS + 1)); printf 'ok %d - %s\n' "$TESTS" "$1"; }
not_ok() {
  TESTS=$((TESTS + 1)); FAILS=$((FAILS + 1))
  printf 'not ok %d - %s\n' "$TESTS" "$1"
  [ -n "${2:-}" ] && printf '#   %s\n' "$2"
  [ -f "$TMP/out" ] && sed 's/^/#   out: /' "$TMP/out" | head -20
  [ -f "$TMP/err" ] && sed 's/^/#   err: /' "$TMP/err" | head -20
  return 0
}
expect_rc() { if [ "$rc" -eq "$1" ]; then ok "$2"; else not_ok "$2" "exit $rc, expected $1"; fi; }
expect_out() { if grep -q -- "$1" "$out"; then ok "$2"; else not_ok "$2" "stdout lacks: $1"; fi; }
expect_err() { if grep -q -- "$1" "$err"; then ok "$2"; else not_ok "$2" "stderr lacks: $1"; fi; }
expect_no_out() { if grep -q -- "$1" "$out"; then not_ok "$2" "stdout has: $1"; else ok "$2"; fi; }
finish() {
  echo "1..$TESTS"
  [ "$FAILS" -eq 0 ] || { echo "# $FAILS of $TESTS failed"; exit 1; }
}

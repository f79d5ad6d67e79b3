# The shell test library, sourced by every tests/*/test_*.sh as
#   . "$(dirname "$0")/../lib.sh"
# It moves to the repository root and prints TAP: "ok N - what",
# "not ok N - what" followed by "#   detail" lines, and the plan "1..N" at the
# end (finish). GDN_REGENERATE=1 (make regenerate) makes `golden` rewrite the
# expected file instead of comparing, for every kind of expected output.
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
G=${GUARDIAN:-$ROOT/guardian}
TESTS=0
FAILS=0
TMP=$(mktemp -d)
# A script may define on_exit() (stop what it started); TMP goes last.
tap_exit() {
  command -v on_exit >/dev/null 2>&1 && on_exit
  chmod -R u+w "$TMP" 2>/dev/null
  rm -rf "$TMP"
}
trap tap_exit EXIT

ok() { TESTS=$((TESTS + 1)); printf 'ok %d - %s\n' "$TESTS" "$1"; }
# not_ok WHAT [DETAIL...]: each DETAIL is a file (its first 40 lines) or a text.
not_ok() {
  TESTS=$((TESTS + 1)); FAILS=$((FAILS + 1))
  printf 'not ok %d - %s\n' "$TESTS" "$1"
  shift
  for d in "$@"; do
    if [ -f "$d" ]; then head -40 "$d" | sed 's/^/#   /'
    elif [ -n "$d" ]; then printf '%s\n' "$d" | sed 's/^/#   /'; fi
  done
  return 0
}
# known_bug WHAT WHY: a failure of a known, reported bug (TAP "# TODO"):
# shown by prove, not counted as a failure; "ok ... # TODO" when it passes.
known_bug() {
  TESTS=$((TESTS + 1))
  printf 'not ok %d - %s # TODO %s\n' "$TESTS" "$1" "$2"
}
# check WHAT COMMAND...: ok when COMMAND succeeds.
check() {
  _what=$1; shift
  if "$@"; then ok "$_what"; else not_ok "$_what"; fi
}
skip_all() { echo "1..0 # SKIP $1"; trap - EXIT; tap_exit; exit 0; }
bail_out() { echo "Bail out! $1"; exit 1; }
finish() {
  echo "1..$TESTS"
  [ "$FAILS" -eq 0 ] || { echo "# $FAILS of $TESTS failed"; exit 1; }
  exit 0
}

# run ARGS...: guardian ARGS; sets $rc, $out and $err (files).
run() {
  out="$TMP/out" err="$TMP/err"
  "$G" "$@" >"$out" 2>"$err"
  rc=$?
}
expect_rc() { if [ "$rc" -eq "$1" ]; then ok "$2"; else not_ok "$2" "exit $rc, expected $1" "$out" "$err"; fi; }
expect_out() { if grep -q -- "$1" "$out"; then ok "$2"; else not_ok "$2" "stdout lacks: $1" "$out" "$err"; fi; }
expect_err() { if grep -q -- "$1" "$err"; then ok "$2"; else not_ok "$2" "stderr lacks: $1" "$out" "$err"; fi; }
expect_no_out() { if grep -q -- "$1" "$out"; then not_ok "$2" "stdout has: $1" "$out"; else ok "$2"; fi; }

# golden EXPECTED GOT [WHAT]: GOT must equal the file EXPECTED byte for byte;
# with GDN_REGENERATE=1, GOT becomes EXPECTED (an empty GOT removes it when
# EXPECTED is optional, see golden_optional).
golden() {
  _what=${3:-$1}
  if [ "${GDN_REGENERATE:-}" = 1 ]; then
    mkdir -p "$(dirname "$1")"; cp "$2" "$1"; ok "$_what (regenerated)"; return
  fi
  if [ ! -f "$1" ]; then not_ok "$_what" "no expected output $1 (make regenerate writes it)"; return; fi
  if diff -u "$1" "$2" >"$TMP/golden.diff"; then ok "$_what"
  else not_ok "$_what" "differs from $1:" "$TMP/golden.diff"; fi
}
# golden_optional EXPECTED GOT [WHAT]: the same, where a missing EXPECTED
# means GOT must be empty (and regenerating an empty GOT removes EXPECTED).
golden_optional() {
  if [ ! -s "$2" ] && { [ "${GDN_REGENERATE:-}" = 1 ] || [ ! -f "$1" ]; }; then
    rm -f "$1"; ok "${3:-$1} (empty)"; return
  fi
  golden "$@"
}

# fixture_args FIXTURE: the guardian options of a tests/data/fix-rules
# fixture's "<!-- guardian-test: KEY=VALUE ... -->" first line, as
# "--KEY VALUE" words ("fixture=invalid" is not an option and is dropped).
fixture_header() { head -n 1 "$1" | tr -d '\r' | sed -n '1s/^<!-- guardian-test: \(.*\) -->$/\1/p'; }
fixture_args() { fixture_header "$1" | sed 's/fixture=invalid//; s/\([a-z-]*\)=\([^ ]*\)/--\1 \2/g'; }

# precommit_repo HOOK [FILE...]: the real pre-commit's setup for a hook of
# this checkout. A snapshot commit of the working tree (with its
# .pre-commit-hooks.yaml and each FILE) is the hook repository; the current
# directory becomes a new git repo in $TMP/work whose config runs HOOK
# with Intel host facts. HERE is the checkout.
precommit_repo() {
  _hook=$1; shift
  HERE=$ROOT
  git clone -q "$HERE" "$TMP/hookrepo" 2>/dev/null
  cp "$HERE/.pre-commit-hooks.yaml" "$TMP/hookrepo/"
  for _f in "$@"; do cp "$HERE/$_f" "$TMP/hookrepo/$_f"; done
  (cd "$TMP/hookrepo" && git add -A && git -c user.email=t@t -c user.name=t commit -qm snapshot --allow-empty)
  _rev=$(git -C "$TMP/hookrepo" rev-parse HEAD)
  mkdir -p "$TMP/work" && cd "$TMP/work" || exit 2
  git init -q . && git config user.email t@t && git config user.name t
  cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $TMP/hookrepo
    rev: $_rev
    hooks:
      - id: $_hook
        args: [--host-caps, $HERE/examples/host-intel.xml]
YAML
}

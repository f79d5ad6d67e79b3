# Shared helpers for tests/cli/test_*.sh (sourced; cwd is the repository root).
G=./guardian
OUT=tests/out/cli
mkdir -p "$OUT"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# expect_rc WANT GOT WHAT
expect_rc() { [ "$1" = "$2" ] && ok "$3 exits $1" || fail "$3 exited $2, expected $1"; }
# golden NAME FILE: compare FILE with tests/cli/formats/NAME (GDN_UPDATE_GOLDEN=1 rewrites it).
golden() {
  if [ "${GDN_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$2" "tests/cli/formats/$1"; echo "updated golden $1"; return
  fi
  if diff -u "tests/cli/formats/$1" "$2" > "$OUT/$1.diff"; then
    ok "golden $1"
  else
    fail "golden $1 differs:"; head -40 "$OUT/$1.diff"
  fi
}
finish() { [ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }; exit 0; }

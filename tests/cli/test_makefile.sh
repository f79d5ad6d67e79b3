#!/bin/sh
# The README's first commands: `make demo` / `make check` on a machine
# without pkg-config must not run it while parsing the Makefile, and the
# demo's expected exit 1 must not print make's "Error 1 (ignored)".
. "$(dirname "$0")/../lib.sh"
command -v make >/dev/null || { echo "make not installed"; exit 77; }

make -n PKG_CONFIG="$TMP/no-such-pkg-config" deps >"$TMP/out" 2>"$TMP/err"; rc=$?
out="$TMP/out" err="$TMP/err"
expect_rc 0 "make -n deps parses without pkg-config"
if [ -s "$err" ]; then not_ok "nothing on stderr before deps are installed"; else ok "nothing on stderr before deps are installed"; fi

make -s demo-run >"$TMP/out" 2>"$TMP/err"; rc=$?
expect_rc 0 "the demo's commands end as expected (1, 1, 0)"
if grep -q "Error\|ignored" "$TMP/out" "$TMP/err"; then not_ok "demo prints no make errors"; else ok "demo prints no make errors"; fi
expect_out "^(exit 1)" "demo says the findings run exits 1"
finish

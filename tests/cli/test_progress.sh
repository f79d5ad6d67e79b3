#!/bin/sh
# Progress on stderr: on a terminal (a pty from script(1)) a run longer than
# one second shows "guardian: N inputs checked, M findings" and erases it
# before the report and at the end; with stderr not a terminal, or -q, or a
# short run, nothing. The run is made long by stdin that arrives after 2 s.
. "$(dirname "$0")/../lib.sh"
command -v script >/dev/null || { echo "script(1) not installed"; exit 77; }
W=examples/win11-virt-install.xml
slow() { # ARGS...: guardian check ARGS with W, slow stdin, W
  printf '(sleep 2; cat %s) | "%s" check %s %s - %s\n' "$W" "$G" "$*" "$W" "$W" >"$TMP/slow.sh"
}
tty() { script -qec "sh $TMP/slow.sh" /dev/null </dev/null >"$1"; }
check_tty() { # FILE WHAT
  python3 - "$1" <<'PY' && ok "$2" || not_ok "$2: $(od -c "$1" | head -5)"
import re, sys
t = open(sys.argv[1], "rb").read()
shown = list(re.finditer(rb"\rguardian: (\d+) inputs? checked, (\d+) findings?\x1b\[K", t))
assert shown, "no progress line"
for m in shown:  # each line is erased before anything else is written
    assert t[m.end():m.end() + 4] in (b"\r\x1b[K", b"\rgua"), t[m.end():m.end() + 40]
assert t.rstrip(b"\n").endswith(b"\r\x1b[K") or b"Found" in t[shown[-1].end():], "not erased at the end"
PY
}

slow -o "$TMP/r.txt"; tty "$TMP/tty1"
check_tty "$TMP/tty1" "terminal, report to a file: progress shown and erased"
[ "$(grep -c ': warning: ' "$TMP/r.txt")" -gt 0 ] && ok "the report is complete" || not_ok "report"

slow; tty "$TMP/tty2"
check_tty "$TMP/tty2" "terminal, report on the same terminal: progress erased before the report"
tr '\r' '\n' <"$TMP/tty2" | sed 's/\x1b\[[0-9;]*[mK]//g' | grep -v '^ \|^guardian: [0-9]* inputs\? checked' >"$TMP/lines"
grep -q "^examples/win11-virt-install.xml:9:3: warning: " "$TMP/lines" \
  && ok "report lines start at column 1" || not_ok "report lines: $(head -3 "$TMP/lines")"

slow -q -o "$TMP/r.txt"; tty "$TMP/tty3"
grep -q "inputs checked" "$TMP/tty3" && not_ok "-q shows progress" || ok "-q: no progress"

sh "$TMP/slow.sh" 2>"$TMP/err" >/dev/null </dev/null
grep -q "inputs checked" "$TMP/err" && not_ok "progress in a non-terminal stderr" || ok "stderr not a terminal: no progress"

printf '"%s" check -o "%s" %s %s\n' "$G" "$TMP/r.txt" "$W" "$W" >"$TMP/slow.sh"; tty "$TMP/tty4"
grep -q "inputs checked" "$TMP/tty4" && not_ok "a short run shows progress" || ok "short run: no progress"
finish

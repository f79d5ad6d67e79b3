#!/bin/sh
# `make install PREFIX=tmp` puts the binary, the man page and the bash
# completion where man(1) and bash-completion look; the page renders without
# groff warnings and documents every option `guardian check --help` lists.
. "$(dirname "$0")/../lib.sh"
OUT=tests/out/cli
mkdir -p "$OUT"
P=$(mktemp -d)
trap 'rm -rf "$P"' EXIT
make -s install PREFIX="$P" > "$OUT/install.log" 2>&1 || { not_ok "make install"; cat "$OUT/install.log"; finish; }
for f in bin/guardian share/man/man1/guardian.1 share/bash-completion/completions/guardian; do
  [ -f "$P/$f" ] && ok "installed $f" || not_ok "missing $P/$f"
done
[ -x "$P/bin/guardian" ] && "$P/bin/guardian" --version | grep -q '^guardian ' \
  && ok "installed binary runs" || not_ok "installed binary does not run"
# The installed binary needs no data directory: rule pages are embedded.
(cd "$P" && ./bin/guardian explain CLK001 | grep -q '^## Why') \
  && ok "explain works from the install" || not_ok "explain from the install"

# man finds and renders it; groff reports no warnings.
[ "$(MANPATH="$P/share/man" man -w guardian 2>/dev/null)" = "$P/share/man/man1/guardian.1" ] \
  && ok "man -w finds the page under PREFIX/share/man" || not_ok "man -w guardian"
MANWIDTH=80 man ./docs/guardian.1 > "$OUT/man.txt" 2> "$OUT/man.err"
grep -q 'EXIT STATUS' "$OUT/man.txt" && [ ! -s "$OUT/man.err" ] \
  && ok "man ./docs/guardian.1" || { not_ok "man ./docs/guardian.1"; cat "$OUT/man.err"; }
LC_ALL=C.UTF-8 groff -ww -z -man -Tutf8 docs/guardian.1 > "$OUT/groff.err" 2>&1
[ ! -s "$OUT/groff.err" ] && ok "groff -ww: no warnings" || { not_ok "groff warnings"; cat "$OUT/groff.err"; }
# Every long option of check (hidden development ones aside) is documented.
$G check --help | grep -oE -- '--[a-z][a-z-]+' | sort -u > "$OUT/options.txt"
while read -r o; do
  grep -qF -- "$o" "$OUT/man.txt" || not_ok "man page does not document $o"
done < "$OUT/options.txt"
ok "man page documents $(wc -l < "$OUT/options.txt") options"
for f in $($G check --help | sed -n 's/.*Output format: \([a-z|]*\).*/\1/p' | tr '|' ' '); do
  grep -qE "^ +$f( |$)" "$OUT/man.txt" || not_ok "man page does not describe --format $f"
done

# The installed completion completes commands, formats and rule IDs.
out=$(PATH="$P/bin:$PATH" bash -c '
  . "$1/share/bash-completion/completions/guardian"
  complete -p guardian >/dev/null || exit 1
  COMP_WORDS=(guardian ch); COMP_CWORD=1; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian check -f j); COMP_CWORD=3; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian explain CLK00); COMP_CWORD=2; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian check --select CLK001,cloc); COMP_CWORD=3; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian check --format = j); COMP_CWORD=4; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian check --format=ma); COMP_CWORD=2; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian check --ignore = DSK00); COMP_CWORD=4; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian explain --help MEM00); COMP_CWORD=3; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian rules -f j); COMP_CWORD=3; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian rules --select NET00); COMP_CWORD=3; _guardian; echo "${COMPREPLY[*]}"
  COMP_WORDS=(guardian check --stat); COMP_CWORD=2; _guardian; echo "${COMPREPLY[*]}"
' sh "$P")
expected=$(printf '%s\n' check 'json junit' 'CLK001 CLK002 CLK003 CLK004 CLK005 CLK006 CLK007' 'CLK001,clock CLK001,clock-localtime CLK001,clock_libvirt' \
  'json junit' markdown 'DSK001 DSK002 DSK003 DSK004 DSK005 DSK006 DSK007 DSK008 DSK009' \
  'MEM001 MEM002 MEM003 MEM004 MEM005 MEM006 MEM007' json 'NET001 NET002 NET003' --statistics)
[ "$out" = "$expected" ] && ok "bash completion" || not_ok "bash completion" "$out"

make -s uninstall PREFIX="$P" > /dev/null 2>&1
[ -z "$(find "$P" -type f)" ] && ok "make uninstall" || not_ok "make uninstall left $(find "$P" -type f)"
finish

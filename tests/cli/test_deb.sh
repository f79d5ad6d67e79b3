#!/bin/sh
# `make deb`: the package lists the binary, man page and completion; its
# Depends match the libraries the binary needs; dpkg installs it into a
# scratch root (never the real system) whose binary, man page and completion
# work; dpkg removes it cleanly; lintian reports no errors (warnings shown).
. tests/cli/lib.sh
for c in dpkg-deb dpkg-shlibdeps lintian objdump; do
  command -v "$c" > /dev/null || { echo "$c missing (ci/install-deps.sh installs it)"; exit 77; }
done
real_before=$(dpkg-query -W -f='${Status} ${Version}' guardian 2>/dev/null)
DEB=$(make -s deb 2> "$TMP/build.log")
if [ -f "$DEB" ]; then ok "make deb built $(basename "$DEB")"
else not_ok "make deb" "$(tail -20 "$TMP/build.log")"; finish; fi

dpkg -c "$DEB" | awk '{print $1, $6}' > "$TMP/contents"
for f in "-rwxr-xr-x ./usr/bin/guardian" "-rw-r--r-- ./usr/share/man/man1/guardian.1.gz" \
  "-rw-r--r-- ./usr/share/bash-completion/completions/guardian" \
  "-rw-r--r-- ./usr/share/doc/guardian/copyright" \
  "-rw-r--r-- ./usr/share/doc/guardian/changelog.Debian.gz"; do
  grep -qxF -- "$f" "$TMP/contents" && ok "dpkg -c: $f" || not_ok "dpkg -c lacks $f"
done
# Rule pages over 4 kB are gzipped (policy 12.3).
n_pages=$(grep -c '^-rw-r--r-- ./usr/share/doc/guardian/rules/[A-Z]*[0-9]*\.md\(\.gz\)\?$' "$TMP/contents")
n_rules=$("$G" rules | grep -cE '^  [A-Z]+[0-9]+ ')
[ "$n_pages" -eq "$n_rules" ] && ok "a page for each of the $n_rules rules" \
  || not_ok "rule pages: $n_pages packaged, $n_rules rules"
dpkg-deb -f "$DEB" Version | grep -qx "$($G --version | cut -d' ' -f2)-[0-9]*" \
  && ok "package version is guardian --version" || not_ok "package version $(dpkg-deb -f "$DEB" Version)"

# Every library the binary needs (objdump NEEDED, owner found by dpkg -S)
# is in Depends; libvirt, loaded only for --connect, is recommended instead.
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
dpkg-deb -x "$DEB" "$TMP/x"
objdump -p "$TMP/x/usr/bin/guardian" | awk '/NEEDED/ {print $2}' > "$TMP/needed"
while read -r lib; do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|64bit|AArch64/ {print $NF; exit}')
  [ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
  # With merged /usr, dpkg knows a library under the path ldconfig names.
  pkg=$( (dpkg -S "$path" || dpkg -S "$(readlink -f "$path")") 2> /dev/null | head -1 | cut -d: -f1)
  case ", $DEPENDS," in
    *", $pkg "* | *", $pkg,"*) ok "Depends has $pkg ($lib)" ;;
    *) not_ok "Depends lacks the owner of $lib ($pkg)" "Depends: $DEPENDS" ;;
  esac
done < "$TMP/needed"
[ "$(wc -l < "$TMP/needed")" -ge 5 ] || not_ok "objdump found only $(wc -l < "$TMP/needed") NEEDED"
dpkg-deb -f "$DEB" Recommends | grep -qx libvirt0 && ok "Recommends: libvirt0" || not_ok "Recommends"

# A scratch dpkg database holding this system's entries for the Depends, so
# dpkg checks them (versions included) without --force-depends.
R="$TMP/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/log"
: > "$R/var/lib/dpkg/status"
for p in $(echo "$DEPENDS" | tr ',' '\n' | sed 's/(.*//; s/ //g'); do
  dpkg-query -s "$p" >> "$R/var/lib/dpkg/status" && echo >> "$R/var/lib/dpkg/status"
done
D="dpkg --root=$R --force-not-root --log=$R/var/log/dpkg.log"
if $D -i "$DEB" > "$TMP/install.log" 2>&1; then ok "dpkg --root -i (dependencies satisfied)"
else not_ok "dpkg --root -i" "$(cat "$TMP/install.log")"; fi
[ "$($D -s guardian 2> /dev/null | sed -n 's/^Status: //p')" = "install ok installed" ] \
  && ok "scratch root records guardian installed" || not_ok "scratch status"

GI="$R/usr/bin/guardian"
"$GI" --version | grep -qx "guardian $($G --version | cut -d' ' -f2)" \
  && ok "installed guardian --version" || not_ok "installed guardian --version"
run_i() { "$GI" "$@" > "$TMP/out" 2> "$TMP/err"; rc=$?; out="$TMP/out"; }
run_i check --host-caps examples/host-intel.xml examples/win11-virt-install.xml
expect_rc 1 "installed guardian check: findings on the virt-install default (exit 1)"
expect_out "^examples/win11-virt-install.xml:[0-9]*:[0-9]*: warning: .*\[[A-Z]*[0-9]* " \
  "finding has file:line:col and rule"
"$G" check --host-caps examples/host-intel.xml examples/win11-virt-install.xml > "$TMP/dev.out"
cmp -s "$out" "$TMP/dev.out" && ok "installed binary reports what the build tree's does" \
  || not_ok "installed and build-tree reports differ"
run_i check --host-caps examples/host-intel.xml examples/win11-tuned.xml
expect_rc 0 "installed guardian check: tuned example clean (exit 0)"
# --connect: the installed binary loads libvirt0 at run time (test driver).
run_i check -q -c "test://$(pwd)/tests/data/libvirt/node.xml" --fail-on never -f json
expect_rc 0 "installed guardian check -c test://node.xml"
[ "$(jq .summary.domains "$out" 2> /dev/null)" = 3 ] && ok "installed binary read 3 domains through libvirt" \
  || not_ok "installed -c: $(head -c 300 "$TMP/err")"
run_i explain HV001
expect_rc 0 "installed guardian explain HV001"
zcat -f "$R"/usr/share/doc/guardian/rules/HV001.md* > "$TMP/page"
grep -q '^## Why' "$out" && cmp -s "$out" "$TMP/page" \
  && ok "explain HV001 prints the packaged page" || not_ok "explain HV001 differs from the page"
MANWIDTH=80 man -l "$R/usr/share/man/man1/guardian.1.gz" 2> /dev/null | grep -q 'EXIT STATUS' \
  && ok "installed man page renders" || not_ok "installed man page"
comp=$(PATH="$R/usr/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(guardian explain HV00); COMP_CWORD=2
  _guardian; echo "${COMPREPLY[*]}"' sh "$R/usr/share/bash-completion/completions/guardian")
[ "$comp" = "HV001 HV002 HV003 HV004 HV005 HV006 HV007 HV008 HV009" ] \
  && ok "installed completion completes rule IDs" || not_ok "completion: '$comp'"

if $D -r guardian > "$TMP/remove.log" 2>&1 && [ -z "$(find "$R/usr" -type f 2> /dev/null)" ]; then
  ok "dpkg --root -r removes every file"
else not_ok "dpkg --root -r" "$(cat "$TMP/remove.log"; find "$R/usr" -type f)"; fi
[ "$(dpkg-query -W -f='${Status} ${Version}' guardian 2>/dev/null)" = "$real_before" ] \
  && ok "the real system's dpkg database is unchanged" || not_ok "real dpkg database changed"

# lintian: errors fail, warnings and infos are listed.
lintian -I "$DEB" > "$TMP/lintian" 2>&1
lrc=$?
grep -v 'root privileges' "$TMP/lintian" | sed 's/^/#   lintian: /'
if [ "$lrc" -eq 0 ] && ! grep -q '^E:' "$TMP/lintian"; then
  ok "lintian: no errors ($(grep -c '^W:' "$TMP/lintian") warnings)"
else not_ok "lintian: no errors (exit $lrc)"; fi
finish

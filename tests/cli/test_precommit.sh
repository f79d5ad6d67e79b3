#!/bin/sh
# The pre-commit hook, run by the real pre-commit against a temporary repo
# that uses this checkout as the hook repository.
. "$(dirname "$0")/../lib.sh"
if ! command -v pre-commit >/dev/null; then
  not_ok "pre-commit is installed (apt-get install pre-commit)"; finish
fi
# pre-commit clones the hook repo at a commit: a snapshot of the working tree.
precommit_repo guardian
export PRE_COMMIT_HOME="$TMP/pc-home" PATH="$HERE:$PATH"
cp "$HERE/examples/win11-tuned.xml" tuned.xml
echo "not xml" >notes.txt
# A repository's other XML (Maven, Ant, ...) is skipped, not an error.
printf '<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n' >pom.xml
git add -A
if pre-commit run --files tuned.xml notes.txt pom.xml >"$TMP/pc1" 2>&1; then ok "hook passes a tuned domain and a pom.xml"
else not_ok "hook passes a tuned domain and a pom.xml" "$(cat "$TMP/pc1")"; fi
cp "$HERE/examples/win11-virt-install.xml" default.xml
git add default.xml
if pre-commit run --files default.xml >"$TMP/pc2" 2>&1; then not_ok "hook fails a default domain"
else ok "hook fails a default domain"; fi
grep -q "default.xml:[0-9]*:[0-9]*: warning" "$TMP/pc2" && ok "hook output names file:line:col" \
  || not_ok "hook output names file:line:col" "$(cat "$TMP/pc2")"
pre-commit install >/dev/null 2>&1 || not_ok "pre-commit install"
git status --porcelain | grep -q "^A  default.xml" || not_ok "default.xml is staged"
if git commit -qm "bad domain" >"$TMP/pc4" 2>&1; then not_ok "installed hook blocks the commit"
else ok "installed hook blocks the commit"; fi
git log --oneline 2>/dev/null | grep -q "bad domain" && not_ok "nothing was committed" || ok "nothing was committed"
cd "$HERE" || exit 2
finish

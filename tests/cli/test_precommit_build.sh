#!/bin/sh
# The `guardian-build` pre-commit hook (language: script), run by the real
# pre-commit with no guardian on PATH: the first run builds guardian inside
# pre-commit's clone of the hook repository, later runs reuse that build.
. "$(dirname "$0")/../lib.sh"
if ! command -v pre-commit >/dev/null; then
  not_ok "pre-commit is installed (apt-get install pre-commit)"; finish
fi
# The working tree's hook files, as a commit pre-commit can clone.
precommit_repo guardian-build ci/pre-commit-hook.sh
# No guardian on PATH: only the system directories.
export PRE_COMMIT_HOME="$TMP/pc-home" PATH=/usr/local/bin:/usr/bin:/bin
command -v guardian > /dev/null && echo "# a guardian is installed on PATH; the hook must not use it"
cp "$HERE/examples/win11-virt-install.xml" default.xml
cp "$HERE/examples/win11-tuned.xml" tuned.xml
git add -A
if pre-commit run --files default.xml >"$TMP/pc1" 2>&1; then not_ok "first run fails a default domain" "$(cat "$TMP/pc1")"
else ok "first run fails a default domain"; fi
grep -q "default.xml:[0-9]*:[0-9]*: warning" "$TMP/pc1" && ok "findings as file:line:col" \
  || not_ok "findings as file:line:col" "$(tail -20 "$TMP/pc1")"
built=$(find "$PRE_COMMIT_HOME" -name guardian -type f -perm -u+x | head -1)
[ -n "$built" ] && ok "guardian built in pre-commit's clone" || not_ok "no guardian built under PRE_COMMIT_HOME"
stamp=$(stat -c %Y "$built" 2> /dev/null)
if pre-commit run --files tuned.xml >"$TMP/pc2" 2>&1; then ok "tuned domain passes"
else not_ok "tuned domain passes" "$(cat "$TMP/pc2")"; fi
if grep -q "building" "$TMP/pc2" || [ "$(stat -c %Y "$built")" != "$stamp" ]; then
  not_ok "second run reuses the build" "$(cat "$TMP/pc2")"
else ok "second run reuses the build"; fi
cd "$HERE" || exit 2
finish

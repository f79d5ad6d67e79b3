#!/bin/sh
# Message texts: the finding line (location, severity, message, rule) of
# rule ID on each of its fixtures tests/data/fix-rules/ID[-variant].xml, in
# one golden file (make regenerate rewrites it), so a changed wording or value
# in any message shows in review. Other rules' messages: tests/cli/cases.
. "$(dirname "$0")/../lib.sh"
for fx in tests/data/fix-rules/*.xml; do
  id=$(basename "$fx" .xml); id=${id%%-*}
  # shellcheck disable=SC2046
  "$G" check --no-config $(fixture_args "$fx") --select "$id" --fail-on never "$fx" 2>&1 | grep -v '^    \|^Found \|^No findings'
done >"$TMP/messages.txt"
golden tests/cli/formats/messages.txt "$TMP/messages.txt" "message of every fixable rule on its fixtures"
[ "$(grep -c '\[' "$TMP/messages.txt")" -ge "$(ls tests/data/fix-rules/*.xml | wc -l)" ] \
  && ok "every fixture has at least one message" || not_ok "a fixture without a message"
finish

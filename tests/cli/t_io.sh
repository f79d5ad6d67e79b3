#!/bin/sh
# Inputs and outputs as real trees and shells have them: non-domain XML is
# skipped in every format, FIFOs never block, report write failures are
# exit 2 with one message, -o never replaces an input and keeps its mode.
. tests/cli/lib.sh
W=examples/win11-virt-install.xml

printf '<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n' >"$TMP/pom.xml"
run check "$TMP/pom.xml"; expect_rc 0 "pom.xml (not a domain) is skipped, exit 0"
expect_err "pom.xml: notice: root element is <project>, not <domain>: skipped" "skip notice names the root"
printf '<project>\n' >"$TMP/bad.xml"
run check "$TMP/bad.xml"; expect_rc 2 "malformed XML stays an error"
for f in json sarif junit markdown; do
  run check -f $f "$TMP/pom.xml" $W
  python3 - "$f" "$out" <<'PY' && ok "$f counts the non-domain as skipped" || not_ok "$f skipped count"
import json, sys, xml.etree.ElementTree as ET
fmt, path = sys.argv[1], sys.argv[2]
text = open(path).read()
if fmt == "json":
    assert json.loads(text)["summary"]["skipped"] == 1
elif fmt == "sarif":
    notes = json.loads(text)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("pom.xml" in json.dumps(n) and "not <domain>" in json.dumps(n) for n in notes)
elif fmt == "junit":
    assert ET.parse(path).getroot().get("skipped") == "1"
else:
    assert "1 skipped" in text
PY
done

mkfifo "$TMP/fifo.xml"; mkdir "$TMP/tree"; ln -s ../fifo.xml "$TMP/tree/x.xml"
for args in "$TMP/fifo.xml" "$TMP/tree" "--host-caps $TMP/fifo.xml $W" "--config $TMP/fifo.xml $W" \
            "--baseline $TMP/fifo.xml $W" "--domain-caps $TMP/fifo.xml $W"; do
  # shellcheck disable=SC2086
  timeout 10 "$G" check $args >"$TMP/out" 2>"$TMP/err"; rc=$?
  if [ $rc -eq 2 ] && grep -q "not a regular file" "$TMP/err"; then ok "FIFO refused at once: $args"
  else not_ok "FIFO: $args" "exit $rc"; fi
done
run check - <$W; expect_rc 1 "stdin (a pipe) is still read"

"$G" check $W >/dev/full 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q "No space" "$TMP/err" \
  && ok "stdout on /dev/full: exit 2, one message" || not_ok "stdout on /dev/full" "exit $rc: $(cat "$TMP/err")"
run check -o /dev/full $W; expect_rc 2 "-o /dev/full: exit 2"; expect_err "cannot write report" "-o /dev/full says so"
python3 - "$G" "$W" <<'PY' && ok "closed pipe: exit 2, one message" || not_ok "closed pipe"
import os, subprocess, sys
# The reader is gone before guardian starts: no race with its writing.
r, w = os.pipe()
os.close(r)
p = subprocess.Popen([sys.argv[1], "check", "-f", "json", sys.argv[2]], stdout=w,
                     stderr=subprocess.PIPE)
os.close(w)
err = p.stderr.read().decode()
assert p.wait() == 2 and err.count("\n") == 1 and "Broken pipe" in err, (p.returncode, err)
PY

cp $W "$TMP/d.xml"
run check -o "$TMP/d.xml" "$TMP/d.xml"; expect_rc 2 "-o naming an input is refused"
cmp -s $W "$TMP/d.xml" && ok "the input is untouched" || not_ok "the input was replaced"
ln -s d.xml "$TMP/alias.xml"
run check --write-baseline "$TMP/alias.xml" "$TMP/d.xml"; expect_rc 2 "--write-baseline through a link to an input is refused"
echo old >"$TMP/report.txt"; chmod 0640 "$TMP/report.txt"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$TMP/report.txt"
owner=$(stat -c %u:%g "$TMP/report.txt")
(umask 077; "$G" check -o "$TMP/report.txt" $W >/dev/null 2>&1)
[ "$(stat -c %a "$TMP/report.txt")" = 640 ] && [ "$(stat -c %u:%g "$TMP/report.txt")" = "$owner" ] \
  && grep -q warning "$TMP/report.txt" && ok "-o keeps the existing file's owner and mode" \
  || not_ok "-o target: $(stat -c '%a %u:%g' "$TMP/report.txt")"
finish

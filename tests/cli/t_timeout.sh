#!/bin/sh
# Fleets fail fast: a libvirt host that accepts the connection and never
# answers (our own listener on 127.0.0.1, never any other address) is one
# error after --connect-timeout (or the config's connect-timeout), exit 2,
# in text, JSON and SARIF; the other URIs are still checked and reported.
. tests/cli/lib.sh
run check -c test:///default
grep -q "not built in" "$err" && { echo "no libvirt support"; exit 77; }
python3 - "$TMP/port" <<'PY' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = []
while True:
    conns.append(s.accept()[0])  # accept, never answer
PY
LPID=$!
# A second one that hangs up on every connection (lost mid-handshake).
python3 - "$TMP/port2" <<'PY' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c = s.accept()[0]; c.recv(64); c.close()
PY
LPID2=$!
trap 'kill $LPID $LPID2 2>/dev/null; rm -rf "$TMP"' EXIT
i=0; while { [ ! -s "$TMP/port" ] || [ ! -s "$TMP/port2" ]; } && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
URI="qemu+tcp://127.0.0.1:$(cat "$TMP/port")/system"
URI2="qemu+tcp://127.0.0.1:$(cat "$TMP/port2")/system"

run check --connect-timeout 2 -c "$URI" -c test:///default --guest linux
expect_rc 2 "a silent host makes the exit status 2"
expect_err "^$URI: cannot connect: timed out after 2 s$" "one error names the URI and the timeout"
[ "$(grep -c . "$err")" -ge 1 ] && [ "$(grep -c "$URI" "$err")" = 1 ] && ok "exactly one message for it" \
  || not_ok "one message"
run check --connect-timeout 2 -f json -c "$URI" -c test:///default
python3 - "$out" "$URI" <<'PY' && ok "JSON: the error, and the other URI's source" || not_ok "JSON timeout"
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["message"] for e in d["errors"]] == ["cannot connect: timed out after 2 s"], d["errors"]
assert d["errors"][0]["file"] == sys.argv[2]
assert any(s["uri"] == "test:///default" for s in d.get("sources", [])), d.get("sources")
PY
run check --connect-timeout 2 -f sarif -c "$URI"
grep -q "timed out after 2 s" "$out" && ok "SARIF carries the error" || not_ok "SARIF timeout"
run check --connect-timeout 60 -c "$URI2" -c test:///default --guest linux
expect_rc 2 "a host that hangs up is exit 2"
expect_err "^$URI2: cannot connect: " "a lost connection is one error for that URI (no hang)"
printf '[guardian]\nconnect-timeout = 1\n' >"$TMP/g.conf"
run check --config "$TMP/g.conf" -c "$URI"
expect_err "timed out after 1 s" "connect-timeout from the config file"
printf '[guardian]\nconnect-timeout = soon\n' >"$TMP/bad.conf"
run check --config "$TMP/bad.conf" -c "$URI"; expect_rc 2 "a bad connect-timeout in the config is refused"
finish

#!/bin/bash
# Integration: a real qemu:///session libvirtd, started here as an
# unprivileged user (nobody when run as root, else the current user) with a
# private HOME and XDG_* dirs; a domain of type 'qemu' (no KVM needed) is
# defined, and guardian, as the same user, checks it live over the session
# socket: attribution, libvirt's line numbers, host facts read from that
# daemon (capabilities + free pages), a broken URI next to it, and that the
# daemon's domains are unchanged. The daemon is stopped by PID at the end.
# Needs libvirt-daemon, libvirt-daemon-driver-qemu, qemu-system-x86,
# libvirt-clients and jq (ci/install-deps.sh).
. "$(dirname "$0")/../lib.sh"
set -u
DAEMON=
die() { not_ok "$1"; bail_out "$1"; }

for tool in libvirtd virsh qemu-system-x86_64 jq; do
    command -v "$tool" >/dev/null || die "missing $tool (run ci/install-deps.sh)"
done

T=$(mktemp -d /tmp/guardian-qemu-session.XXXXXX)
on_exit() { # called by tests/lib.sh's exit trap
    if [ -n "$DAEMON" ] && kill -0 "$DAEMON" 2>/dev/null; then
        kill "$DAEMON"
        for _ in $(seq 50); do kill -0 "$DAEMON" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$DAEMON" 2>/dev/null && kill -KILL "$DAEMON"
        wait "$DAEMON" 2>/dev/null
    fi
    rm -rf "$T"
}
trap 'exit 1' INT TERM

chmod 755 "$T"
mkdir -p "$T/home" "$T/config" "$T/cache" "$T/data" "$T/run"
chmod 700 "$T/run"
# The binary and fixtures must be readable by the unprivileged user.
cp "$ROOT/guardian" "$T/guardian"
cp "$ROOT/tests/data/libvirt/session-win.xml" "$T/session-win.xml"
chmod 755 "$T/guardian"
chmod 644 "$T/session-win.xml"

# A clean environment: private HOME and XDG dirs, no autostarted daemon
# (LIBVIRT_AUTOSTART=0: the client must find ours or fail).
ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C HOME="$T/home"
    XDG_CONFIG_HOME="$T/config" XDG_CACHE_HOME="$T/cache" XDG_DATA_HOME="$T/data"
    XDG_RUNTIME_DIR="$T/run" LIBVIRT_AUTOSTART=0)
if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$T/home" "$T/config" "$T/cache" "$T/data" "$T/run"
    AS=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "${ENV[@]}")
    WHO=nobody
else
    AS=("${ENV[@]}")
    WHO=$(id -un)
fi
U=qemu:///session
virsh_() { "${AS[@]}" virsh -q -c "$U" "$@"; }

# setpriv and env exec, so $! is the daemon itself.
"${AS[@]}" libvirtd --timeout 0 >"$T/libvirtd.log" 2>&1 &
DAEMON=$!
for _ in $(seq 100); do
    [ -S "$T/run/libvirt/libvirt-sock" ] && break
    kill -0 "$DAEMON" 2>/dev/null || break
    sleep 0.1
done
[ -S "$T/run/libvirt/libvirt-sock" ] || { cat "$T/libvirtd.log"; die "libvirtd did not start"; }
check "session libvirtd (pid $DAEMON) runs as $WHO" \
    test "$(ps -o user= -p "$DAEMON" | tr -d ' ')" = "$WHO"

virsh_ define "$T/session-win.xml" >/dev/null || die "virsh define failed"
check "domain defined" test "$(virsh_ list --all --name | sed '/^$/d')" = session-win
virsh_ dumpxml --inactive session-win >"$T/before.xml"
list_before=$(virsh_ list --all --name)

# --- guardian, live ------------------------------------------------------
"${AS[@]}" "$T/guardian" check -f json -c "$U" >"$T/out.json" 2>"$T/err"
status=$?
jqt() { jq -e "$@" "$T/out.json" >/dev/null; }
check "exit 1 (findings), nothing on stderr" test "$status" = 1 -a ! -s "$T/err"
check "one domain checked, no errors" jqt '.summary.domains == 1 and .errors == []'
check "findings carry uri + domain, no file" \
    jqt '.findings | length > 0 and all(.uri == "qemu:///session" and .domain == "session-win"
        and (has("file") | not))'
check "CLK005 (clock offset utc on a Windows guest)" \
    jqt '[.findings[] | select(.rule == "CLK005")] | length == 1'
clock_line=$(grep -n '<clock ' "$T/before.xml" | cut -d: -f1)
check "line numbers are those of the daemon's XML (<clock> on line $clock_line)" \
    jqt --argjson l "$clock_line" '[.findings[] | select(.xpath == "/domain/clock")] |
        length > 0 and all(.line == $l)'

# --- host facts from that daemon -----------------------------------------
virsh_ -r capabilities >"$T/caps.xml"
ncpus=$(grep -c '<cpu id=' "$T/caps.xml")
ncells=$(grep -c '<cell id=' "$T/caps.xml")
vendor=$(sed -n 's:.*<vendor>\(.*\)</vendor>.*:\1:p' "$T/caps.xml" | head -1)
free2m=$(virsh_ -r freepages --all | awk '/^2048KiB:/ {s += $2} END {print s + 0}')
check "host facts read live ($vendor, $ncpus CPUs, $ncells cells)" \
    jqt --arg v "$vendor" --argjson c "$ncpus" --argjson n "$((ncells > 0 ? ncells : 1))" '
        .sources[0].host.from == "live" and .sources[0].host.vendor == $v and
        .sources[0].host.cpus == $c and .sources[0].host.cells == $n'
check "free 2 MiB pages from virNodeGetFreePages ($free2m)" \
    jqt --argjson f "$free2m" '.sources[0].host.pages | any(.size_kib == 2048 and .free == $f)'
if "$T/guardian" rules --format json | jq -e 'any(.id == "MEM003")' >/dev/null; then
    # 4 GiB of 2 MiB pages = 2048 pages needed.
    if [ "$free2m" -lt 2048 ]; then
        check "MEM003 fires from the daemon's free pages ($free2m < 2048)" \
            jqt '[.findings[] | select(.rule == "MEM003")] | length == 1'
    else
        check "MEM003 silent: the daemon's host has $free2m free 2 MiB pages" \
            jqt '[.findings[] | select(.rule == "MEM003")] | length == 0'
    fi
fi

# --- text, --domain, and a broken URI next to the good one ---------------
BAD="qemu+unix:///session?socket=$T/run/no-such-sock"
"${AS[@]}" "$T/guardian" check -q --color never -c "$BAD" -c "$U" -d session-win \
    >"$T/text" 2>"$T/text.err"
status=$?
check "broken URI: exit 2" test "$status" = 2
check "broken URI: one error line 'URI: cannot connect: ...'" \
    test "$(wc -l <"$T/text.err")" = 1 -a "$(grep -cF "$BAD: cannot connect: " "$T/text.err")" = 1
check "the session URI still reports (text URI/DOMAIN:line:col)" \
    grep -q "^qemu:///session/session-win:$clock_line:[0-9]*: info: clock offset is 'utc'" \
    "$T/text"

# --- nothing changed -----------------------------------------------------
virsh_ dumpxml --inactive session-win >"$T/after.xml"
check "domain list unchanged" test "$(virsh_ list --all --name)" = "$list_before"
check "domain XML unchanged" cmp -s "$T/before.xml" "$T/after.xml"
check "domain still shut off (never started)" \
    test "$(virsh_ domstate session-win)" = "shut off"

# --- fixes are accepted by the real QEMU driver ----------------------------
# A sample of guardian's fixed output, defined with --validate on this
# daemon: type 'qemu' (no KVM here) and, as TCG cannot use it, no
# host-passthrough CPU (mode maximum instead; CPU001's fix is left out).
for src in tests/data/libvirt/session-win.xml examples/win11-virt-install.xml \
    tests/data/seed-template.xml; do
    name=fixed-$(basename "$src" .xml)
    sed -e "s|<name>[^<]*</name>|<name>$name</name>|" -e '/<uuid>/d' \
        -e "s|type=[\"']kvm[\"']|type='qemu'|" -e 's|host-passthrough|maximum|' \
        "$ROOT/$src" >"$T/$name.xml"
    "$ROOT/guardian" check -q --no-config --host-caps "$T/caps.xml" --guest windows \
        --ignore CPU001 --fix --unsafe-fixes --fail-on never \
        "$T/$name.xml" >/dev/null 2>"$T/$name.fix.err"
    chmod 644 "$T/$name.xml"
    if virsh_ define --validate "$T/$name.xml" >"$T/$name.def" 2>&1; then
        ok "QEMU driver accepts the fixed $(basename "$src")"
        virsh_ undefine "$name" >/dev/null 2>&1
    else
        not_ok "QEMU driver accepts the fixed $(basename "$src")"
        sed 's/^/#   /' "$T/$name.def" "$T/$name.fix.err"
    fi
done

finish

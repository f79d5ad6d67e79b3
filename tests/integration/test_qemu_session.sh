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
        # Guests started here outlive their daemon: stop them first.
        for dom in $(virsh_ list --name 2>/dev/null); do virsh_ destroy "$dom" >/dev/null 2>&1; done
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

# --- domain capabilities and the schema over -c ---------------------------
# A TCG guest whose custom CPU model (fallback forbid) this QEMU lacks:
# libvirt defines it and fails only at start. guardian reads the daemon's
# domain capabilities for the guest's emulator/arch/machine/virt type.
cat >"$T/dc.xml" <<'XML'
<domain type='qemu'>
  <name>domcaps-guest</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <cpu mode='custom' match='exact'><model fallback='forbid'>NoSuchModel</model></cpu>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>
</domain>
XML
chmod 644 "$T/dc.xml"
virsh_ define "$T/dc.xml" >/dev/null || die "virsh define domcaps-guest failed"
"${AS[@]}" "$T/guardian" check -f json -c "$U" -d domcaps-guest --select domcaps,SCH001 --schema \
    >"$T/out.json" 2>"$T/err"
check "domain capabilities read live: CPU039 names the model" \
    jqt '[.findings[] | select(.rule == "CPU039" and .domain == "domcaps-guest" and
        (.message | contains("NoSuchModel")))] | length == 1'
check "--schema over -c: the daemon's XML validates (no SCH001)" \
    jqt '[.findings[] | select(.rule == "SCH001")] == [] and .errors == []'
virsh_ domcapabilities --virttype qemu --arch x86_64 --machine pc >"$T/dc-caps.xml"
sed -i 's|<model usable=.yes. vendor=.unknown.>qemu64</model>|&<model usable="yes">NoSuchModel</model>|' \
    "$T/dc-caps.xml"
chmod 644 "$T/dc-caps.xml"
"${AS[@]}" "$T/guardian" check -f json -c "$U" -d domcaps-guest --select domcaps \
    --domain-caps "$T/dc-caps.xml" >"$T/out.json" 2>"$T/err"
check "--domain-caps FILE overrides the live capabilities" \
    jqt '[.findings[] | select(.rule == "CPU039")] == []'
"${AS[@]}" "$T/guardian" check -c "$U" -d domcaps-guest --schema-file "$T/none.rng" \
    >"$T/out.txt" 2>"$T/err"
check "--schema-file missing: exit 2 with the path" \
    sh -c "[ $? = 2 ] && grep -qF '$T/none.rng' '$T/err'"
virsh_ undefine domcaps-guest >/dev/null

# --- qcow2 L2 cache (DSK052): a real 1 TiB image, live and from a file ----
# A sparse 1 TiB qcow2 (64 KiB clusters) in a storage pool of this daemon:
# over -c, DSK052 reads its size and clusters from the volume; from a file,
# from qemu-img's JSON. The fixed guest (metadata_cache max_size) is defined
# and started, and its QEMU is given the cache size (blockdev cache-size).
QI="$T/qimg"
mkdir -p "$QI"
chmod 777 "$QI"
"${AS[@]}" qemu-img create -q -f qcow2 "$QI/big.qcow2" 1T || die "qemu-img create failed"
qemu-img info --output=json "$QI/big.qcow2" >"$T/big.json"
chmod 644 "$T/big.json"
cat >"$QI/qc.xml" <<XML
<domain type='qemu'>
  <name>qcow2-guest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$QI/big.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <graphics type='vnc' port='-1' listen='127.0.0.1'/>
  </devices>
</domain>
XML
chmod 666 "$QI/qc.xml"
# --fix keeps a file's owner: the unprivileged user fixes a file of its own.
[ "$WHO" = nobody ] && chown "nobody:$(id -g nobody)" "$QI/qc.xml"
virsh_ pool-define-as guardian-img dir --target "$QI" >/dev/null &&
    virsh_ pool-start guardian-img >/dev/null || die "cannot start a dir pool on $QI"
virsh_ define "$QI/qc.xml" >/dev/null || die "virsh define qcow2-guest failed"
"${AS[@]}" "$T/guardian" check -f json -c "$U" -d qcow2-guest --select DSK052 >"$T/out.json" 2>"$T/err"
check "DSK052 over -c: the pool's volume gives 1 TiB, 64 KiB clusters -> 129 MiB" \
    jqt '([.findings[] | select(.rule == "DSK052" and
        (.message | test("1024 GiB image, 64 KiB clusters.*129 MiB")))] | length == 1) and .errors == []'
"${AS[@]}" "$T/guardian" check -q --no-config --select DSK052 --image-info "$T/big.json" \
    --fix --unsafe-fixes "$QI/qc.xml" >/dev/null 2>"$T/err"
check "DSK052 from qemu-img JSON: --fix sets max_size 129 MiB" \
    grep -q "<max_size unit=.MiB.>129</max_size>" "$QI/qc.xml"
"${AS[@]}" "$T/guardian" check -q --no-config --select DSK052 --image-info "$T/big.json" \
    --fail-on info "$QI/qc.xml" >/dev/null 2>&1
check "DSK052 fixed: nothing left" test $? = 0
virsh_ undefine qcow2-guest >/dev/null
if virsh_ define --validate "$QI/qc.xml" >"$T/qc.log" 2>&1 && virsh_ start qcow2-guest >>"$T/qc.log" 2>&1; then
    ok "DSK052 fixed guest: defined (--validate) and started"
    qpid=$(cat "$T/run/libvirt/qemu/run/qcow2-guest.pid" 2>/dev/null)
    check "its QEMU got the cache: blockdev cache-size 135266304 (129 MiB)" \
        grep -q '"cache-size":135266304' <(tr '\0' '\n' <"/proc/$qpid/cmdline")
    virsh_ destroy qcow2-guest >/dev/null 2>&1
else
    not_ok "DSK052 fixed guest: defined (--validate) and started" "$T/qc.log"
fi
virsh_ undefine qcow2-guest >/dev/null 2>&1
virsh_ pool-destroy guardian-img >/dev/null 2>&1
virsh_ pool-undefine guardian-img >/dev/null 2>&1

# --- live free memory per NUMA node (MEM036) ------------------------------
# A stopped guest strictly bound to node 0 with node 0's memory less 1 MiB:
# it fits the node (no MEM035) but not what is free there now (the host uses
# more than 1 MiB of it); a 128 MiB guest fits. Defined, never started.
node0=$(sed -n "/<cell id='0'>/,/<\/cell>/s:.*<memory unit='KiB'>\([0-9]*\)</memory>.*:\1:p" "$T/caps.xml" | head -1)
if [ -n "$node0" ]; then
    for g in "free-big $((node0 - 1024))" "free-small 131072"; do
        set -- $g
        cat >"$T/$1.xml" <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='KiB'>$2</memory>
  <vcpu>1</vcpu>
  <numatune><memory mode='strict' nodeset='0'/></numatune>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>
</domain>
XML
        chmod 644 "$T/$1.xml"
        virsh_ define "$T/$1.xml" >/dev/null || die "virsh define $1 failed"
    done
    "${AS[@]}" "$T/guardian" check -f json -c "$U" -d free-big -d free-small --select MEM035,MEM036 \
        >"$T/out.json" 2>"$T/err"
    check "MEM036 live: node 0's free memory is short for a guest of its size less 1 MiB" \
        jqt '([.findings[] | select(.rule == "MEM036" and .domain == "free-big" and
            (.message | test("free now on host NUMA node\\(s\\) 0")))] | length == 1) and
            ([.findings[] | select(.domain == "free-small" or .rule == "MEM035")] == [])'
    "${AS[@]}" "$T/guardian" check -f json -c "$U" -d free-big --select MEM036 \
        --host-caps "$T/caps.xml" >"$T/out.json" 2>"$T/err"
    check "MEM036 skipped with a capabilities file (no live free memory)" jqt '.findings == []'
    virsh_ undefine free-big >/dev/null
    virsh_ undefine free-small >/dev/null
else
    echo "# skip: MEM036 live: the daemon's capabilities list no NUMA cell"
fi

# --- fixed guests start --------------------------------------------------
# "Safe means safe", proved by starting guests: each sample is fixed with
# --fix --unsafe-fixes against a host file, then defined with --validate AND
# started (TCG) on this daemon, then destroyed. startable.py rewrites, in the
# original and the fixed file alike, only what this machine lacks (KVM,
# host-passthrough, the host file's CPUs and huge pages, a render node,
# bridges) and names each rewrite. A sample whose unfixed form does not start
# here either (a device this machine lacks) is skipped and counted; a fix that
# stops a startable guest from starting is a failure.
IMG="$T/img"
mkdir -p "$IMG" "$T/w"
chmod 777 "$IMG"
cp "$ROOT/tests/integration/startable.py" "$T/startable.py"
started=0 skipped=0
: >"$T/covered"
# define --validate, start, destroy, undefine; 0 when it started.
start_ok() { # NAME FILE LOG
    virsh_ define --validate "$2" >"$3" 2>&1 || return 1
    virsh_ start "$1" >>"$3" 2>&1
    local rc=$?
    virsh_ destroy "$1" >/dev/null 2>&1
    virsh_ undefine "$1" >/dev/null 2>&1
    return $rc
}
fixable_rules() { # FILE ARGS...: rule ids of findings an --unsafe-fixes run would fix
    local f=$1; shift
    "$ROOT/guardian" check --no-config -q -f json --fail-on never "$@" "$f" 2>/dev/null |
        jq -r '.findings[] | select(.fixable and .fix_safety != "none" and
            (.suppressed | not)) | .rule' | sort -u
}
fix_and_start() { # LABEL SRC HOSTCAPS MODE(tcg|kvm) [guardian args...]
    local label=$1 src=$2 caps=$3 mode=$4; shift 4
    local n=g$((started + skipped + FAILS + 1)) kvm=
    local w="$T/w/$n.xml"
    if [ "$mode" = tcg ]; then
        # A TCG guest as a user would write it: type 'qemu', no host CPU, no
        # Hyper-V feature QEMU refuses without KVM; the fix must not add one.
        python3 "$T/startable.py" --tcg-guest "$src" "$w" 2>/dev/null
    else
        cp "$src" "$w"
        kvm=--kvm
    fi
    python3 "$T/startable.py" "$w" "$T/w/$n-orig.xml" "$n" "$IMG" $kvm 2>/dev/null
    if ! start_ok "$n" "$T/w/$n-orig.xml" "$T/w/$n-orig.log"; then
        echo "$src" >>"$T/unstartable"
        skipped=$((skipped + 1))
        echo "# skip $label: unfixed, it does not start here either: $(grep -m1 error "$T/w/$n-orig.log" | cut -c1-150)"
        return
    fi
    fixable_rules "$w" --host-caps "$caps" --unsafe-fixes "$@" >"$T/w/$n.before"
    "$ROOT/guardian" check --no-config -q --host-caps "$caps" --fix --unsafe-fixes \
        --fail-on never "$@" "$w" >/dev/null 2>"$T/w/$n.fix.err"
    fixable_rules "$w" --host-caps "$caps" --unsafe-fixes "$@" >"$T/w/$n.after"
    python3 "$T/startable.py" "$w" "$T/w/$n-fixed.xml" "$n" "$IMG" $kvm 2>"$T/w/$n.rewrites"
    local rw
    rw=$(sort -u "$T/w/$n.rewrites" | paste -sd';' -)
    if start_ok "$n" "$T/w/$n-fixed.xml" "$T/w/$n.log"; then
        started=$((started + 1))
        comm -23 "$T/w/$n.before" "$T/w/$n.after" >>"$T/covered"
        ok "$label: fixed ($(comm -23 "$T/w/$n.before" "$T/w/$n.after" | paste -sd' ' -)), defined and started${rw:+ [rewritten: $rw]}"
    else
        not_ok "$label: fixed, defined and started${rw:+ [rewritten: $rw]}" "$T/w/$n.log" "$T/w/$n.fix.err"
        diff -u "$T/w/$n-orig.xml" "$T/w/$n-fixed.xml" | sed 's/^/#   /' | head -60
    fi
}

for host in intel amd; do
    caps="$ROOT/examples/host-$host.xml"
    for src in tests/data/guests/*.xml examples/win11-virt-install.xml examples/win11-tuned.xml \
        tests/data/seed-template.xml tests/data/libvirt/session-win.xml; do
        for mode in tcg kvm; do
            fix_and_start "$(basename "$src" .xml) ($mode, $host host)" "$ROOT/$src" "$caps" "$mode"
        done
    done
done
# The project's per-rule fixtures (tests/data/fix-rules), with the options
# their first line gives, fixed with every rule as a user would: the main
# fixture of each rule (ID.xml), every variant with GDN_START_ALL=1.
for src in tests/data/fix-rules/*.xml; do
    case "$(basename "$src")" in *-*) [ "${GDN_START_ALL:-0}" = 1 ] || continue ;; esac
    hdr=$(fixture_header "$src")
    case " $hdr " in *" fixture=invalid "*) continue ;; esac
    caps=$(echo "$hdr" | sed -n 's/.*host-caps=\([^ ]*\).*/\1/p')
    guest=$(echo "$hdr" | sed -n 's/.*guest=\([^ ]*\).*/\1/p')
    images=$(echo "$hdr" | sed -n 's/.*image-info=\([^ ]*\).*/\1/p')
    fix_and_start "fix-rules/$(basename "$src" .xml)" "$ROOT/$src" "$ROOT/${caps:-examples/host-intel.xml}" \
        kvm ${guest:+--guest "$guest"} ${images:+--image-info "$ROOT/$images"}
done

# SARIF's fix of each main fixture's own rule (selected, as rules off by
# default need), applied alone (no other fix, no rounds: what a reviewer
# applies from code scanning), also leaves a guest that starts.
sarif_fix_and_start() { # SRC HOSTCAPS [guardian args...]
    local src=$1 caps=$2; shift 2
    local rule n rw
    rule=$(basename "$src" .xml)
    n=s$((started + skipped + FAILS + 1))
    local sd="$T/s/$n"
    mkdir -p "$sd"
    cp "$src" "$sd/in.xml"
    "$ROOT/guardian" check --no-config -q --host-caps "$caps" --select "$rule" --unsafe-fixes \
        --fail-on never -f sarif -o "$sd/in.sarif" "$@" "$sd/in.xml" 2>"$sd/sarif.err"
    if ! python3 "$ROOT/tests/sarif_fix.py" "$sd/in.sarif" "$sd" "$rule" 2>"$sd/apply.err" || [ ! -s "$sd/map" ]; then
        not_ok "fix-rules/$rule: SARIF result with its own fix" "$sd/apply.err" "$sd/sarif.err"
        return
    fi
    python3 "$T/startable.py" "$(head -n 1 "$sd/map" | cut -f1)" "$sd/fixed.xml" "$n" "$IMG" --kvm 2>"$sd/rewrites"
    rw=$(sort -u "$sd/rewrites" | paste -sd';' -)
    if start_ok "$n" "$sd/fixed.xml" "$sd/start.log"; then
        started=$((started + 1))
        ok "fix-rules/$rule: SARIF's fix alone, defined and started${rw:+ [rewritten: $rw]}"
    else
        not_ok "fix-rules/$rule: SARIF's fix alone, defined and started${rw:+ [rewritten: $rw]}" "$sd/start.log"
        diff -u "$sd/in.xml" "$(head -n 1 "$sd/map" | cut -f1)" | sed 's/^/#   /' | head -40
    fi
}
for src in tests/data/fix-rules/*.xml; do
    case "$(basename "$src")" in *-*) continue ;; esac
    grep -qxF "$ROOT/$src" "$T/unstartable" 2>/dev/null && continue
    hdr=$(fixture_header "$src")
    case " $hdr " in *" fixture=invalid "*) continue ;; esac
    caps=$(echo "$hdr" | sed -n 's/.*host-caps=\([^ ]*\).*/\1/p')
    guest=$(echo "$hdr" | sed -n 's/.*guest=\([^ ]*\).*/\1/p')
    images=$(echo "$hdr" | sed -n 's/.*image-info=\([^ ]*\).*/\1/p')
    sarif_fix_and_start "$ROOT/$src" "$ROOT/${caps:-examples/host-intel.xml}" \
        ${guest:+--guest "$guest"} ${images:+--image-info "$ROOT/$images"}
done

# Every fixable rule's fix ran in some guest that then started.
"$ROOT/guardian" rules --format json | jq -r '.[] | select(.fixable) | .id' | sort >"$T/fixable"
sort -u "$T/covered" >"$T/covered.u"
uncovered=$(comm -23 "$T/fixable" "$T/covered.u" | paste -sd' ' -)
echo "# started $started fixed guests, skipped $skipped samples that do not start here unfixed"
echo "# fixable rules whose fix no started guest exercised: ${uncovered:-none}"

finish

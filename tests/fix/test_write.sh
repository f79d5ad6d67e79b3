#!/bin/sh
# --fix writes like an editor that respects the file: owner, group, exact
# mode, POSIX ACLs and extended attributes kept; hard links and read-only
# files refused (exit 2, untouched); a guest linked from autostart/ fixed
# once; no temporary file left when guardian is killed. Run as root in CI
# (owners, security.* attributes); parts needing root say so when skipped.
. "$(dirname "$0")/../lib.sh"
set -u
SRC="$ROOT/tests/data/fix-cli/virsh-single.xml"
T=$TMP
fix() { "$G" check -q --select clock --fix "$@" > "$T/out" 2> "$T/err"; }
root=0; [ "$(id -u)" = 0 ] && root=1

d="$T/a.xml"; cp "$SRC" "$d"; chmod 0664 "$d"
[ $root = 1 ] && chown 65534:65534 "$d"
setfacl -m u:65534:rw "$d" 2>/dev/null && acl=1 || acl=0
setfattr -n user.guardian -v kept "$d" 2>/dev/null && ux=1 || ux=0
[ $root = 1 ] && setfattr -n security.selinux -v "system_u:object_r:virt_etc_t:s0" "$d" 2>/dev/null && sx=1 || sx=0
before_acl=$(getfacl -cp "$d" 2>/dev/null)
(umask 077; fix "$d"); rc=$?
[ $rc -eq 0 ] && ! cmp -s "$d" "$SRC" && ok "--fix wrote the file" || not_ok "--fix: exit $rc $(cat "$T/err")"
[ "$(stat -c %a "$d")" = 664 ] && ok "exact mode kept under umask 077" || not_ok "mode is $(stat -c %a "$d")"
if [ $root = 1 ]; then
    [ "$(stat -c %u:%g "$d")" = 65534:65534 ] && ok "owner and group kept" || not_ok "owner $(stat -c %u:%g "$d")"
else echo "# skip: owner (needs root)"; fi
if [ $acl = 1 ]; then
    [ "$(getfacl -cp "$d")" = "$before_acl" ] && ok "POSIX ACL kept" || not_ok "ACL: $(getfacl -cp "$d")"
else echo "# skip: ACLs not supported here"; fi
if [ $ux = 1 ]; then
    [ "$(getfattr --only-values -n user.guardian "$d" 2>/dev/null)" = kept ] && ok "user xattr kept" || not_ok "user xattr lost"
else echo "# skip: user xattrs not supported here"; fi
if [ $sx = 1 ]; then
    getfattr --only-values -n security.selinux "$d" 2>/dev/null | grep -q virt_etc_t && ok "SELinux label kept" \
        || not_ok "security.selinux lost"
else echo "# skip: security.selinux cannot be set here"; fi

h="$T/h.xml"; cp "$SRC" "$h"; ln "$h" "$T/h-link.xml"
fix "$h"; rc=$?
[ $rc -eq 2 ] && grep -q "hard links" "$T/err" && ok "hard link refused, exit 2" || not_ok "hard link: exit $rc $(cat "$T/err")"
cmp -s "$h" "$SRC" && [ "$(stat -c %h "$h")" = 2 ] && ok "hard-linked file untouched" || not_ok "hard link changed"

r="$T/r.xml"; cp "$SRC" "$r"; chmod 0444 "$r"
fix "$r"; rc=$?
[ $rc -eq 2 ] && grep -q "read-only" "$T/err" && cmp -s "$r" "$SRC" && ok "read-only file refused, untouched" \
    || not_ok "read-only: exit $rc $(cat "$T/err")"

# /etc/libvirt/qemu as libvirt has it: networks/ (not domains), autostart/ links.
q="$T/qemu"; mkdir -p "$q/networks/autostart" "$q/autostart"
cp "$SRC" "$q/win.xml"; ln -s ../win.xml "$q/autostart/win.xml"
printf "<network>\n  <name>default</name>\n</network>\n" > "$q/networks/default.xml"
ln -s ../default.xml "$q/networks/autostart/default.xml"
"$G" check -q --select clock --fix -j 2 "$q" > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 0 ] && ok "a libvirt config tree fixes with exit 0" || not_ok "tree --fix: exit $rc $(cat "$T/err")"
[ -L "$q/autostart/win.xml" ] && ok "autostart link stays a link" || not_ok "autostart link replaced"
"$G" check --select clock -f json "$q" > "$T/json" 2> "$T/err"
python3 - "$T/json" <<'PY' && ok "tree: one domain checked, network skipped" || not_ok "tree JSON: $(cat "$T/json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["domains"] == 1 and d["summary"]["skipped"] == 1, d["summary"]
assert d["errors"] == [], d["errors"]
PY

# A concurrent edit is never lost: the file changes (in place, or replaced
# as sed -i does) while guardian fixes it: left as edited, reported, exit 2.
# A domain with many disks keeps the fixer busy; the count doubles until the
# fix outlasts the edit's delay, so a faster fixer cannot skip the case.
busy() {
    python3 - "$1" "$2" <<'PY'
import sys
disks = "".join("<disk type='file' device='disk'>\n<driver name='qemu' type='raw' cache='writeback'/>\n"
                "<target dev='vd%d' bus='virtio'/>\n</disk>\n" % i for i in range(int(sys.argv[2])))
open(sys.argv[1], "w").write("<domain type='kvm'>\n<name>busy</name>\n<memory>1048576</memory>\n"
    "<vcpu>4</vcpu>\n<os><type arch='x86_64' machine='q35'>hvm</type></os>\n<devices>\n"
    + disks + "</devices>\n</domain>\n")
PY
}
for how in in-place replaced; do
    c="$T/c-$how.xml"; n=500; pid=
    while [ $n -le 64000 ]; do
        busy "$c" $n
        "$G" check -q --select storage --fix "$c" > "$T/out" 2> "$T/err" &
        pid=$!; sleep 0.3
        kill -0 $pid 2>/dev/null && break
        wait $pid; pid=; n=$((n * 2))
    done
    if [ -z "$pid" ]; then not_ok "concurrent edit ($how): the fix always ended within 0.3 s"; continue; fi
    if [ $how = in-place ]; then echo "<!-- edited -->" >> "$c"
    else cp "$c" "$c.new"; echo "<!-- edited -->" >> "$c.new"; mv "$c.new" "$c"; fi
    wait $pid; rc=$?
    [ $rc -eq 2 ] && grep -q "changed since guardian read it" "$T/err" && tail -1 "$c" | grep -q edited \
        && ok "concurrent edit ($how, $n disks) kept, reported, exit 2" || not_ok "concurrent edit ($how): exit $rc $(cat "$T/err")"
done

# Killed at any moment: no temporary file left, the file whole (old or new).
before=$FAILS # the loop reports failures only; one ok sums it up
k="$T/kill"; mkdir -p "$k"
i=0; while [ $i -lt 40 ]; do cp "$SRC" "$k/d$i.xml"; i=$((i + 1)); done
for delay in 0.05 0.1 0.2 0.3 0.5; do
    i=0; while [ $i -lt 40 ]; do cp "$SRC" "$k/d$i.xml"; i=$((i + 1)); done
    "$G" check -q --select clock --fix -j 2 "$k" > /dev/null 2>&1 &
    pid=$!; sleep $delay; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    # The one named moment (linkat, then rename over the target; Linux cannot
    # rename an unnamed file) may leave a whole copy under load; never a part.
    for t in "$k"/.guardian-*; do
        [ -e "$t" ] || continue
        xmllint --noout "$t" 2>/dev/null || not_ok "killed after ${delay}s: partial temp file $t"
        echo "# killed after ${delay}s inside the linkat-rename window: whole copy $(basename "$t") left"
        rm -f "$t"
    done
    n=$(ls -A "$k" | wc -l)
    [ "$n" = 40 ] || not_ok "killed after ${delay}s: $n entries: $(ls -A "$k" | grep -v '^d[0-9]*.xml$' | head -3)"
    for f in "$k"/*.xml; do xmllint --noout "$f" 2>/dev/null || not_ok "killed after ${delay}s: $f broken"; done
done
[ "$FAILS" -eq "$before" ] && ok "kill -9 during --fix: no partial temp files, every file whole"
finish

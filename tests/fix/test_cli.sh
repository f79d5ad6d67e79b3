#!/bin/sh
# CLI tests of the fixer: --diff (golden, git apply, patch -p1), --fix,
# idempotence, --emit-xslt (xsltproc gives the same tree), refusals, and a
# failed write in a read-only directory.
. "$(dirname "$0")/../lib.sh"
DATA="$ROOT/tests/data/fix-cli"
RNG=/usr/share/libvirt/schemas/domain.rng
T=$TMP

canon() { xmllint --noblanks "$1" | xmllint --c14n -; }

for base in virsh-single virt-install-double tabs-crlf; do
    d="$T/$base"; mkdir -p "$d"; cp "$DATA/$base.xml" "$d/"
    cd "$d" || exit 2
    "$G" check --select clock --diff "$base.xml" > got.diff 2> err.txt
    golden "$DATA/$base.diff" got.diff "$base: golden diff"
    git apply --check got.diff && ok "$base: git apply --check" || not_ok "$base: git apply"
    patch -p1 --dry-run -s < got.diff && ok "$base: patch -p1 --dry-run" || not_ok "$base: patch"
    "$G" check -q --select clock --emit-xslt xslt "$base.xml" > /dev/null 2>&1
    xsltproc "xslt/$base.xsl" "$base.xml" > via-xsltproc.xml || not_ok "$base: xsltproc"
    cp "$base.xml" before.xml
    "$G" check -q --select clock --fix "$base.xml" > report.txt 2>&1
    rc=$?
    [ $rc -eq 0 ] && ok "$base: --fix exit 0, nothing left" || not_ok "$base: --fix exit $rc"
    grep -q "No findings" report.txt || not_ok "$base: report after --fix: $(cat report.txt)"
    patch -s -p1 -o patched.xml before.xml < got.diff 2>/dev/null
    cmp -s patched.xml "$base.xml" && ok "$base: --fix == patched" || not_ok "$base: --fix differs from the patch"
    [ "$(canon via-xsltproc.xml)" = "$(canon "$base.xml")" ] && ok "$base: --emit-xslt via xsltproc == --fix" \
        || not_ok "$base: the emitted stylesheet gives another tree"
    xmllint --noout --relaxng "$RNG" "$base.xml" 2>/dev/null && ok "$base: fixed file validates" \
        || not_ok "$base: fixed file does not validate"
    [ -z "$("$G" check --select clock --diff "$base.xml")" ] && ok "$base: second run: empty diff" \
        || not_ok "$base: second run changes something"
    cd "$ROOT" || exit 2
done

# Fixes compose (issue 12 #5): after one --fix --unsafe-fixes run the state
# satisfies every rule that ran, pins included; DSK001 + DSK007 leave one
# virtio-scsi controller; the I/O thread DSK009 adds after the vCPU plan
# is pinned (PIN010); PIN001's note is what the run writes.
c="$T/compose"; mkdir -p "$c"; cp "$DATA/compose-scsi.xml" "$ROOT/examples/win11-virt-install.xml" "$c/"
"$G" check -q --no-config --select DSK001,DSK007 --fix --unsafe-fixes "$c/compose-scsi.xml" >/dev/null 2>&1
n=$(grep -c "model='virtio-scsi'" "$c/compose-scsi.xml")
[ "$n" = 1 ] && ok "DSK001 + DSK007: one virtio-scsi controller" || not_ok "DSK001 + DSK007: $n virtio-scsi controllers"
H="--no-config --host-caps $ROOT/examples/host-intel.xml"
# shellcheck disable=SC2086
note=$("$G" check $H --select PIN001 "$c/win11-virt-install.xml" | sed -n 's/^ *note: plan: vcpupin=\([^ ]*\).*/\1/p')
# shellcheck disable=SC2086
"$G" check -q $H --fix --unsafe-fixes "$c/win11-virt-install.xml" >/dev/null 2>"$T/compose.err"
# shellcheck disable=SC2086
left=$("$G" check -q $H --select pinning,storage,CPU002 --fail-on info "$c/win11-virt-install.xml")
[ $? -eq 0 ] && ok "--fix --unsafe-fixes: no pinning, storage or topology finding left" || not_ok "left after --fix: $left"
grep -q "<iothreadpin iothread=\"1\" cpuset=\"0-1,8-9\"/>" "$c/win11-virt-install.xml" \
    && ok "the I/O thread DSK009 adds is pinned" || not_ok "the new I/O thread is not pinned"
written=$(grep -o 'vcpupin vcpu="[0-9]*" cpuset="[0-9]*"' "$c/win11-virt-install.xml" | sed 's/vcpupin vcpu="\([0-9]*\)" cpuset="\([0-9]*\)"/\1:\2/' | paste -sd, -)
[ -n "$note" ] && [ "$note" = "$written" ] && ok "PIN001's note ($note) is what --fix wrote" \
    || not_ok "PIN001's note '$note' but --fix wrote '$written'"

# Refusals: --fix needs files.
"$G" check --fix - < "$DATA/virsh-single.xml" > /dev/null 2> "$T/err"
[ $? -eq 2 ] && grep -q "stdin" "$T/err" && ok "--fix refuses stdin" || not_ok "--fix on stdin"
"$G" check --fix -c test:///default > /dev/null 2> "$T/err"
[ $? -eq 2 ] && grep -q "libvirt" "$T/err" && ok "--fix refuses libvirt" || not_ok "--fix on libvirt"

# A failed write leaves the original intact and exits 2.
ro="$T/ro"; mkdir -p "$ro"; cp "$DATA/virsh-single.xml" "$ro/d.xml"; cp "$G" "$T/guardian"
chmod 755 "$T" "$T/guardian"; chmod 644 "$ro/d.xml"; chmod 555 "$ro"
if [ "$(id -u)" = 0 ]; then run_ro="setpriv --reuid=65534 --regid=65534 --clear-groups"; else run_ro=""; fi
$run_ro "$T/guardian" check -q --select clock --fix "$ro/d.xml" > /dev/null 2> "$T/err"
rc=$?
[ $rc -eq 2 ] && ok "read-only dir: exit 2" || not_ok "read-only dir: exit $rc"
grep -q "cannot write" "$T/err" && ok "read-only dir: clear error" || not_ok "read-only dir: $(cat "$T/err")"
cmp -s "$ro/d.xml" "$DATA/virsh-single.xml" && ok "read-only dir: original intact" || not_ok "read-only dir: original changed"
[ "$(ls "$ro")" = "d.xml" ] && ok "read-only dir: no temp file" || not_ok "read-only dir: leftovers"

# -j does not change the diff.
"$G" check --select clock --diff -j 1 tests/data/fix-cli > "$T/j1"
"$G" check --select clock --diff -j 4 tests/data/fix-cli > "$T/j4"
cmp -s "$T/j1" "$T/j4" && [ -s "$T/j1" ] && ok "-j 4 diff == -j 1 diff" || not_ok "-j changes the diff"

finish

#!/bin/bash
# `make WITH_LIBVIRT=no` builds without libvirt (in a scratch copy of the
# tree, so the normal build is left alone): the binary does not link
# libvirt, files are still checked, and -c says libvirt is not built in.
. "$(dirname "$0")/../lib.sh"
set -u
T=$TMP
tar --exclude=./build --exclude=./guardian --exclude=./.git -cf - . | tar -xf - -C "$T"
check "make WITH_LIBVIRT=no builds" make -C "$T" -s -j2 WITH_LIBVIRT=no guardian
check "unit tests pass without libvirt" bash -c "make -C '$T' -s -j2 WITH_LIBVIRT=no unit >'$T/unit.log' 2>&1 || { tail -30 '$T/unit.log'; false; }"
check "the binary does not link libvirt" bash -c "! ldd '$T/guardian' | grep -q libvirt"
check "files are still checked" "$T/guardian" check -q -f json --fail-on never -o "$T/files.json" \
    tests/data/libvirt/win-untuned.xml
check "  ... with findings" grep -q '"rule":"CLK005"' "$T/files.json"
"$T/guardian" check -c test:///default >"$T/out" 2>"$T/err"
check "-c: exit 2" test $? = 2
check "-c: says libvirt support is not built in" grep -q "libvirt support is not built in" "$T/err"
check "-c: prints no report" test ! -s "$T/out"
finish

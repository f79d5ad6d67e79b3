#!/bin/sh
# The Containerfile, without podman or docker: its instructions parse (two
# debian:12-slim stages, the runtime stage takes only the .deb), the build
# stage's COPY/WORKDIR/RUN steps run in a scratch copy of the tree and leave
# the .deb the runtime stage copies, and apt resolves the runtime stage's
# install from an empty system to runtime libraries only (no compiler, no
# -dev package, no libvirt).
. tests/cli/lib.sh
CF=Containerfile
# One logical instruction per line: continuations joined, comments dropped.
sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$CF" \
  | awk '{ if (sub(/\\$/, "")) { buf = buf $0; next } print buf $0; buf = "" }' > "$TMP/instr"
bad=$(awk '$1 !~ /^(FROM|WORKDIR|COPY|RUN|CMD|ENV|ARG|LABEL|USER|ENTRYPOINT)$/' "$TMP/instr")
[ -z "$bad" ] && ok "every instruction is a known one" || not_ok "unknown instruction: $bad"
grep '^FROM ' "$TMP/instr" > "$TMP/from"
[ "$(sed -n 1p "$TMP/from")" = "FROM docker.io/library/debian:12-slim AS build" ] \
  && [ "$(sed -n 2p "$TMP/from")" = "FROM docker.io/library/debian:12-slim" ] \
  && [ "$(wc -l < "$TMP/from")" -eq 2 ] && ok "two stages, both debian:12-slim" \
  || not_ok "stages: $(cat "$TMP/from")"
awk '/^FROM/ {n++} n == 2' "$TMP/instr" > "$TMP/runtime"
grep '^COPY' "$TMP/runtime" | grep -qvx 'COPY --from=build /src/build/guardian_\*.deb /tmp/' \
  && not_ok "runtime stage copies more than the .deb" || ok "runtime stage copies only the .deb"
grep -q 'dev\|build-essential\|install-deps' "$TMP/runtime" \
  && not_ok "runtime stage names build packages" || ok "runtime stage installs no build packages"
cmd=$(sed -n 's/^CMD //p' "$TMP/instr")
echo "$cmd" | python3 -c 'import json, sys; a = json.load(sys.stdin); assert a[0] == "guardian"' \
  && ok "CMD is an exec-form JSON array" || not_ok "CMD: $cmd"

# The build stage, step by step, in a scratch directory standing for WORKDIR.
S="$TMP/stage"
sed -e '/^#/d' -e 's|^|./|' .dockerignore > "$TMP/ignore"
mkdir -p "$S"
HERE=$(pwd)
awk '/^FROM/ {n++} n == 1 && !/^FROM/' "$TMP/instr" > "$TMP/build"
step_ok=1
while read -r op args; do
  case $op in
    WORKDIR) ;;
    COPY) set -- $args
      # Only same-path copies are emulated; the context honours .dockerignore.
      [ "$2" = "$1" ] || [ "$2" = . ] || { step_ok=0; echo "# COPY $args not emulated"; }
      (cd "$HERE" && tar --exclude-from="$TMP/ignore" -cf - "$1") | (cd "$S" && tar -xf -) \
        || step_ok=0 ;;
    RUN) (cd "$S" && sh -c "$args") > "$TMP/step.log" 2>&1 || { step_ok=0; tail -20 "$TMP/step.log"; } ;;
    *) step_ok=0; echo "# build stage: $op not emulated" ;;
  esac
done < "$TMP/build"
[ "$step_ok" -eq 1 ] && ok "build stage steps ran ($(grep -c '^RUN' "$TMP/build") RUN)" \
  || not_ok "build stage steps"
# shellcheck disable=SC2012
DEB=$(ls "$S"/build/guardian_*.deb 2> /dev/null | head -1)
[ -f "$DEB" ] && ok "build stage left $(basename "$DEB")" || { not_ok "no .deb in the build stage"; finish; }

# The runtime stage's apt-get install, simulated on an empty dpkg database.
: > "$TMP/empty-status"
apt-get install -s -q --no-install-recommends -o Dir::State::status="$TMP/empty-status" \
  "$DEB" > "$TMP/apt.log" 2>&1
awk '/^Inst / {print $2}' "$TMP/apt.log" > "$TMP/inst"
grep -qx guardian "$TMP/inst" && ok "apt resolves the package on an empty system ($(wc -l < "$TMP/inst") packages)" \
  || not_ok "apt-get install -s" "$(tail -5 "$TMP/apt.log")"
heavy=$(grep -E -- '-dev$|^(gcc|gcc-12|cpp|cpp-12|make|binutils|libvirt0)$' "$TMP/inst")
[ -z "$heavy" ] && ok "runtime stage gets runtime libraries only" || not_ok "runtime pulls: $heavy"
finish

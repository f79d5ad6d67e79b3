#!/bin/sh
# Installs the Debian 12 packages guardian builds and tests with (as root,
# or through sudo); does nothing when they are already there. Then installs
# the npm test oracle (Microsoft's SARIF validator, pinned in
# tests/tools/package-lock.json) into tests/tools/node_modules, never globally.
# With --build: only what building needs (ci/deps/build.list), no test tools.
set -eu
BUILD_PKGS=$(sed 's/#.*//' "$(dirname "$0")/deps/build.list")
PKGS="$BUILD_PKGS
libjson-glib-dev libcmocka-dev libxml2-utils xsltproc libvirt-clients valgrind
python3 time jq libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 nodejs man-db
groff-base pre-commit git patch clang-format cppcheck qemu-utils lintian ansible-core attr acl clang"
[ "${1:-}" != "--build" ] || PKGS=$BUILD_PKGS
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Debian's nodejs ships npm separately; NodeSource's nodejs bundles it.
[ "${1:-}" = "--build" ] || command -v npm > /dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi
[ "${1:-}" != "--build" ] || exit 0
TOOLS="$(dirname "$0")/../tests/tools"
if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ]; then
  echo "installing @microsoft/sarif-multitool into tests/tools/node_modules"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error)
fi

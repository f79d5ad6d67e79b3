#!/bin/sh
# Installs the Debian 12 packages guardian builds and tests with (as root,
# or through sudo); does nothing when they are already there.
set -eu
PKGS="build-essential pkg-config libxml2-dev libxslt1-dev libglib2.0-dev libglib2.0-dev-bin
libjson-glib-dev libvirt-dev libcmocka-dev libxml2-utils xsltproc libvirt-clients valgrind
python3 patch git"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing

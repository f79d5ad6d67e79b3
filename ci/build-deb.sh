#!/bin/sh
# Builds build/guardian_VERSION_ARCH.deb with dpkg-deb from a clean copy of
# the source tree (Debian's hardening flags, stripped binary, gzipped man
# page and changelog), Depends computed by dpkg-shlibdeps from the binary's
# real shared libraries. Prints the .deb's path. `make deb` runs it.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
VERSION=$(sed -n 's/^VERSION := *//p' Makefile)
DEBVERSION=$(dpkg-parsechangelog -l ci/deb/changelog -S Version)
# One version: the Makefile's, which `guardian --version` prints.
[ "${DEBVERSION%-*}" = "$VERSION" ] || {
  echo "ci/deb/changelog: version $DEBVERSION does not match Makefile VERSION $VERSION" >&2
  exit 2
}
ARCH=$(dpkg --print-architecture)
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l ci/deb/changelog -S Timestamp)
export SOURCE_DATE_EPOCH
W="$TOP/build/deb"
rm -rf "$W"
R="$W/debian/guardian"
mkdir -p "$W/src" "$R/DEBIAN"

# A clean build: objects of a development build (other flags) are not reused.
tar -C "$TOP" --exclude=./build --exclude=./.git --exclude=./tests --exclude=./guardian \
  -cf - . | tar -C "$W/src" -xf -
(
  cd "$W/src"
  exec >&2
  make -s -j"${JOBS:-2}" guardian \
    CFLAGS="$(dpkg-buildflags --get CFLAGS)" \
    CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" \
    LDFLAGS="$(dpkg-buildflags --get LDFLAGS) -Wl,--as-needed -Wl,-z,lazy"
  make -s install DESTDIR="$R" PREFIX=/usr
)
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$R/usr/bin/guardian"
gzip -9n "$R/usr/share/man/man1/guardian.1"

# User documentation.
DOC="$R/usr/share/doc/guardian"
install -d "$DOC/rules"
install -m 0644 README.md docs/configuration.md docs/fixes.md docs/integration.md \
  docs/libvirt.md "$DOC/"
# Rule pages as `guardian explain` composes them (table entry + docs/rules/ID.md).
for id in $("$W/src/guardian" rules | awk '/^  [A-Z]+[0-9]+ / {print $1}'); do
  "$W/src/guardian" explain "$id" > "$DOC/rules/$id.md"
done
[ ! -f docs/performance.md ] || install -m 0644 docs/performance.md "$DOC/"
install -m 0644 ci/deb/copyright "$DOC/copyright"
gzip -9nc ci/deb/changelog > "$DOC/changelog.Debian.gz"
# Debian policy 12.3: documentation larger than 4 kB is gzipped.
find "$DOC" -name '*.md' -size +4k -exec gzip -9n {} +

# Depends from the libraries the binary links (libvirt is dlopen()ed: Recommends).
printf 'Source: guardian\n\nPackage: guardian\nArchitecture: any\n' > "$W/debian/control"
DEPENDS=$(cd "$W" && dpkg-shlibdeps -O -e debian/guardian/usr/bin/guardian | sed -n 's/^shlibs:Depends=//p')
[ -n "$DEPENDS" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 2; }
find "$R" -type d -exec chmod 0755 {} +
find "$R/usr/share" -type f -exec chmod 0644 {} +
(cd "$R" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$R/DEBIAN/md5sums"
chmod 0644 "$R/DEBIAN/md5sums"
SIZE=$(du -sk --exclude=DEBIAN "$R" | cut -f1)
sed -e "s/@VERSION@/$DEBVERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" \
  -e "s/@DEPENDS@/$DEPENDS/" ci/deb/control.in > "$R/DEBIAN/control"

DEB="$TOP/build/guardian_${DEBVERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$R" "$DEB" > /dev/null
echo "$DEB"

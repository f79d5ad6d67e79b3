#!/bin/sh
# pre-commit hook `guardian-build` (language: script): needs no installed
# guardian. On first use it builds guardian inside pre-commit's own clone of
# this repository (build packages: ci/install-deps.sh --build; no libvirt:
# the hook checks files), then checks the files pre-commit passes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$top/guardian" ]; then
  echo "guardian: building in $top (first run only)" >&2
  make -C "$top" -s -j"$(nproc 2> /dev/null || echo 2)" WITH_LIBVIRT=no guardian >&2
fi
exec "$top/guardian" check "$@"

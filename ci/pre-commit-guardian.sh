#!/bin/sh
# pre-commit hook `guardian-build` (language: script): builds guardian once
# inside pre-commit's clone of this repository (needs only the build
# dependencies, no installed guardian), then checks the staged files.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$repo/guardian" ]; then
  echo "guardian-build: building guardian in $repo (once)" >&2
  make -s -C "$repo" WITH_LIBVIRT=no guardian >&2
fi
exec "$repo/guardian" check "$@"

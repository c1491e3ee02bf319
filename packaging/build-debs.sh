#!/usr/bin/env bash
# Builds the Debian packages queuehall-controller, queuehall-kiosk and queuehall-data.
# Usage: packaging/build-debs.sh [BUILD_DIR [OUT_DIR]]   (default: build/release, build/debs)
# build/release is configured with the release preset when it is not yet; another BUILD_DIR
# must be configured already. The version is this commit's
# (0.1.0+<commits>), so the packages of a later commit upgrade those of an earlier one.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=${2:-build/debs}
packaging/install-deps.sh package
if [ ! -f "$build/CMakeCache.txt" ]; then
  [ "$build" = build/release ] || { echo "error: $build is not a configured build folder" >&2; exit 2; }
  cmake --preset release >/dev/null
fi
cmake -S . -B "$build" >/dev/null # the version and changelog of this commit
cmake --build "$build" --target queuehall-controller queuehall-city queuehall-kiosk queuehall-print voice_clips \
  deb_docs
rm -rf "$out"
mkdir -p "$out"
out=$(realpath "$out")
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log")
rm -rf "$out/_CPack_Packages"
ls -l "$out"/*.deb

#!/usr/bin/env bash
# The packages as a hall technician gets them (docs/install.md): built from this commit and the
# previous one, checked by lintian, then, in a fresh Debian 12 root, installed with apt, set up,
# served, printed with, checked by doctor and systemd-analyze, backed up and restored, upgraded
# from the previous commit's packages with the data kept, and purged without a trace
# (packaging/check-install.sh); then boots that root with its own systemd to run the units as
# systemd does (packaging/boot-test.sh).
# Usage: packaging/test-packages.sh [BUILD_DIR]   (default build/ci: what ./test.sh built)
# Needs root. The fresh root is kept in /var/cache/queuehall/debian12-root.tar between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
work=build/package-test
rm -rf "$work"
mkdir -p "$work"

echo "== this commit's packages"
packaging/build-debs.sh "$build" "$work/new"

echo "== lintian (errors fail; warnings are listed)"
lintian --fail-on error --tag-display-limit 0 "$work"/new/*.deb

echo "== the previous commit's packages"
previous=build/previous-commit
git worktree remove --force "$previous" 2>/dev/null || rm -rf "$previous"
git worktree prune
# A shallow checkout is deepened by one commit to reach it.
git rev-parse -q --verify 'HEAD~1^{commit}' >/dev/null || git fetch -q --deepen=1 2>/dev/null || true
if git rev-parse -q --verify 'HEAD~1^{commit}' >/dev/null; then
  git worktree add --detach "$previous" HEAD~1 >/dev/null
  cmake -S "$previous" -B "$previous/build/ci" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DQH_WARNINGS_AS_ERRORS=ON -DQH_BUILD_TESTS=OFF -DQH_BUILD_BENCH=OFF >/dev/null
  "$previous/packaging/build-debs.sh" build/ci "$PWD/$work/old"
  git worktree remove --force "$previous"
else
  echo "NOT TESTED: the upgrade (this checkout has no previous commit to package)" >&2
fi

# The root is kept installed for the boot test, and removed after it.
root=""
trap '[ -z "$root" ] || rm -rf --one-file-system "$root"' EXIT
packaging/fresh-debian.sh --keep --cache /var/cache/queuehall/debian12-root.tar --copy "$work" \
  bash packaging/check-install.sh /src/copied --leave-installed | tee "$work/fresh-root.log"
root=$(sed -n 's/^the root is kept in //p' "$work/fresh-root.log")

echo "== boot the root with its own systemd (systemd-nspawn)"
packaging/boot-test.sh "$root"

#!/usr/bin/env bash
# Runs every queuehall test: installs what is missing, builds with warnings as errors, runs ctest.
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-deps.sh test
# The browser tests' playwright-core, as pinned in tests/web/package.json.
wanted=$(sed -n 's/.*"playwright-core": "\(.*\)".*/\1/p' tests/web/package.json)
installed=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' tests/web/node_modules/playwright-core/package.json 2>/dev/null || true)
[ "$installed" = "$wanted" ] || npm ci --prefix tests/web --no-audit --no-fund
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j2 "$@"

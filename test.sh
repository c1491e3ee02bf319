#!/usr/bin/env bash
# Runs every queuehall test: installs what is missing, builds with warnings as errors, runs ctest.
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-deps.sh test
[ -d tests/web/node_modules/playwright-core ] || npm ci --prefix tests/web --no-audit --no-fund
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j2 "$@"

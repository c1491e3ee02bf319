#!/usr/bin/env bash
# Runs every queuehall test: installs what is missing, builds with warnings as errors, runs ctest.
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-deps.sh test
# The Node tests' packages (playwright-core, node-pdu), as locked in tests/web/package-lock.json.
stamp=tests/web/node_modules/.queuehall-lock
if ! cmp -s tests/web/package-lock.json "$stamp"; then
  npm ci --prefix tests/web --no-audit --no-fund
  cp tests/web/package-lock.json "$stamp"
fi
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j2 "$@"

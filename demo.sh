#!/usr/bin/env bash
# Runs the queuehall demo: builds the controller and plays a scripted morning of the sample hall.
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/bin/queuehall-controller demo "$@"

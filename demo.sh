#!/usr/bin/env bash
# Runs the queuehall demo: the controller plays a scripted morning of the sample hall, then serves
# it live; the kiosk (a window when there is a display, offscreen otherwise) prints its tickets
# on the virtual printer. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo/tickets"
build/release/bin/queuehall-controller demo --db "$demo/hall.db" "$@" > >(tee "$demo/controller.log") 2>&1 &
controller=$!
kiosk=""
trap 'kill $controller ${kiosk:-} 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 150); do
  grep -q "listening on" "$demo/controller.log" 2>/dev/null && break
  kill -0 "$controller" 2>/dev/null || exit 1
  sleep 0.2
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$demo/controller.log" | sed 's/0\.0\.0\.0/127.0.0.1/')
token=$(awk '$1 == "kiosk" { print $2 }' "$demo/controller.log")
platform=offscreen
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && platform=""
QT_QPA_PLATFORM=${platform:-${QT_QPA_PLATFORM:-}} build/release/bin/queuehall-kiosk \
  --controller "$url" --token "$token" --printer "virtual://$PWD/$demo/tickets" > "$demo/kiosk.log" 2>&1 &
kiosk=$!
echo
echo "The kiosk is running (${platform:-in a window}); each ticket it prints is saved as PNG and raw bytes in $demo/tickets/"
wait "$controller"

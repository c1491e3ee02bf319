#!/usr/bin/env bash
# Installs the Debian 12 packages queuehall needs that are missing; does nothing when all are there.
# Usage: packaging/install-deps.sh build|test|package
set -euo pipefail

build_packages=(cmake ninja-build g++ ccache pkg-config qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
  libsqlite3-dev libsystemd-dev libqrencode-dev fonts-noto-cjk libcups2-dev libusb-1.0-0-dev libumockdev-dev
  qt6-declarative-dev qt6-tools-dev qt6-l10n-tools libicu-dev qml6-module-qtquick qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
  espeak-ng sox qt6-multimedia-dev qt6-serialport-dev qt6-charts-dev libsodium-dev tzdata libpq-dev)
test_packages=(catch2 sqlite3 clang libclang-rt-14-dev cups cups-client umockdev chromium pulseaudio
  pulseaudio-utils xvfb xdotool python3-pyatspi at-spi2-core dbus-daemon postgresql-15)
package_packages=(dpkg-dev lintian mmdebstrap systemd systemd-container)

case "${1:-build}" in
  build) wanted=("${build_packages[@]}") ;;
  test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
  package) wanted=("${build_packages[@]}" "${package_packages[@]}") ;;
  *) echo "usage: $0 build|test|package" >&2; exit 2 ;;
esac

# Node.js for the browser tests, unless the machine has one already.
if [ "${1:-build}" = test ] && ! command -v node >/dev/null; then wanted+=(nodejs npm); fi

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

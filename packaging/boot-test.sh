#!/usr/bin/env bash
# Boots a Debian 12 root with the packages installed and set up (packaging/check-install.sh
# --leave-installed) under its own systemd in a container (systemd-nspawn), and checks the units
# as systemd runs them: the controller ready through sd_notify inside its sandbox and answering,
# its exposure, the watchdog restarting a hung controller, the journal's categories, and the
# daily backup in its own sandbox.
# Usage: packaging/boot-test.sh ROOT   (needs root)
set -euo pipefail
root=$1
log=$(mktemp)
fail() {
  echo "FAILED: $*" >&2
  tail -30 "$log" >&2
  exit 1
}
step() { printf '\n== %s\n' "$*"; }

# The container's systemd, once booted; systemctl and friends run inside it through nsenter.
systemd-nspawn -D "$root" --boot --private-network --register=no --keep-unit -q >"$log" 2>&1 &
nspawn=$!
inside() { nsenter -t "$init" -a -r -w "$@"; }
cleanup() {
  [ -z "${init:-}" ] || inside /bin/systemctl poweroff >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do kill -0 "$nspawn" 2>/dev/null || break; sleep 0.2; done
  kill "$nspawn" 2>/dev/null || true
  wait "$nspawn" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT
init=""
for _ in $(seq 1 100); do
  init=$(pgrep -P "$nspawn" -x systemd || true)
  [ -n "$init" ] && break
  sleep 0.2
done
[ -n "$init" ] || fail "the container did not start systemd"

step "the controller, started by systemd (Type=notify) inside its sandbox"
state=""
for _ in $(seq 1 150); do
  state=$(inside /bin/systemctl is-active queuehall-controller 2>/dev/null || true)
  [ "$state" = active ] && break
  sleep 0.2
done
[ "$state" = active ] || fail "queuehall-controller is $state"
# The controller keeps the connection open: the answer is what came within two seconds.
health=$(inside /bin/bash -c 'exec 3<>/dev/tcp/127.0.0.1/8470 &&
  printf "GET /api/v1/health HTTP/1.0\r\n\r\n" >&3 && timeout 2 cat <&3' || true)
[[ $health == *'"status":"ok"'* ]] || fail "the controller does not answer /api/v1/health: $health"
echo "active, and answers /api/v1/health"
inside /bin/systemd-analyze security queuehall-controller.service 2>&1 | tail -1

step "a hung controller is killed by the watchdog and started again"
pid=$(inside /bin/systemctl show -P MainPID queuehall-controller)
inside /bin/bash -c "kill -STOP $pid"
restarted=""
for _ in $(seq 1 60); do
  now=$(inside /bin/systemctl show -P MainPID queuehall-controller)
  if [ "$now" != "$pid" ] && [ "$now" != 0 ] &&
    [ "$(inside /bin/systemctl is-active queuehall-controller)" = active ]; then
    restarted=$now
    break
  fi
  sleep 1
done
[ -n "$restarted" ] || fail "the hung controller was not restarted"
inside /bin/journalctl -u queuehall-controller --no-pager | grep -m1 "Watchdog timeout" ||
  fail "the journal does not say the watchdog fired"

step "the journal keeps each message's category"
inside /bin/systemctl stop queuehall-controller
inside /bin/journalctl -u queuehall-controller -o verbose --no-pager | grep -m1 "QT_CATEGORY=qh.controller" ||
  fail "no message with its category in the journal"
inside /bin/systemctl start queuehall-controller

step "the daily backup, in its own sandbox"
inside /bin/systemctl start queuehall-backup.service || fail "queuehall-backup.service failed"
inside /bin/bash -c 'ls -l /var/lib/queuehall/backups/daily-*.db' || fail "no backup was written"
inside /bin/systemctl list-timers queuehall-backup.timer --no-pager | sed -n 2p

step "the kiosk session is enabled (cage needs a screen and tty1, which a container has not)"
inside /bin/systemctl is-enabled queuehall-kiosk.service

#!/usr/bin/env bash
# Run inside a fresh Debian 12 root by packaging/test-packages.sh: this commit's packages
# installed with apt, set up, served, printed with, checked by doctor and systemd-analyze, backed
# up and restored, then purged without a trace; then the previous commit's packages installed,
# set up and used, upgraded to this commit's with the data kept, and purged. With
# --leave-installed, this commit's packages are installed and set up once more at the end, with
# systemd as init, for packaging/boot-test.sh to boot.
# Usage: packaging/check-install.sh DIR [--leave-installed]
#        (DIR/new/*.deb; DIR/old/*.deb when there are some)
set -euo pipefail
dir=$1
port=18470
export DEBIAN_FRONTEND=noninteractive
controller=(/usr/bin/queuehall-controller --config /etc/queuehall/controller.json)

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

apt_install() {
  apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef \
    -o Dpkg::Options::=--force-confold "$@" >/var/tmp/apt.log 2>&1 ||
    { tail -40 /var/tmp/apt.log; fail "apt-get install $*"; }
}

health() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /api/v1/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  local answer
  answer=$(timeout 2 cat <&3) || true # the controller keeps the connection open
  exec 3<&-
  [[ $answer == "HTTP/1.1 200"* ]] && echo "${answer##*$'\r\n\r\n'}"
}

# The installed controller as its unit runs it (no systemd in this root): as the service user
# (setpriv execs it, so $server is its PID), with the config file and the state folder the
# package made; its clock on a Wednesday morning, when the sample hall is open.
serve() {
  ! health >/dev/null 2>&1 || fail "something else answers on port $port already"
  setpriv --reuid=queuehall --regid=queuehall --init-groups -- "${controller[@]}" serve --listen 127.0.0.1 --port "$port" \
    --at 2026-11-25T10:00:00+08:00 \
    >/var/tmp/serve.log 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    health >/dev/null 2>&1 && { echo "serving: $(health)"; return; }
    kill -0 "$server" 2>/dev/null || { cat /var/tmp/serve.log; fail "the controller did not start"; }
    sleep 0.2
  done
  cat /var/tmp/serve.log
  fail "the controller did not answer /api/v1/health"
}

stop() {
  kill "$server"
  wait "$server" || true
  server=""
}
server=""
trap '[ -z "$server" ] || kill "$server"' EXIT # nothing of this test outlives it

setup() {
  "${controller[@]}" setup --url "http://127.0.0.1:$port" --kiosks 1 --displays 1 >/var/tmp/setup.log 2>&1 ||
    { cat /var/tmp/setup.log; fail "setup"; }
  grep -E '^(Set up|Working calendar|Hall admin)' /var/tmp/setup.log
  grep -q '"token": "qh_' /etc/queuehall/kiosk.json || fail "setup did not give the kiosk its token"
  [ "$(stat -c %U /var/lib/queuehall/queuehall.db)" = queuehall ] || fail "the database is not the service user's"
}

purge() {
  apt-get purge -y -q queuehall-controller queuehall-kiosk queuehall-data >/var/tmp/apt.log 2>&1 ||
    { tail -40 /var/tmp/apt.log; fail "apt-get purge"; }
  local left
  left=$(find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /src \) -prune -o \
    -name '*queuehall*' -print)
  [ -z "$left" ] || { echo "$left"; fail "purge left files behind"; }
  ! grep -l queuehall /etc/passwd /etc/group /etc/shadow /etc/gshadow || fail "purge left the users behind"
  ! dpkg -l | grep -q queuehall || fail "purge left packages behind"
  echo "purged: no file, user, group or package of queuehall is left"
}

step "apt-get update"
apt-get update -qq

step "install this commit's packages with apt"
apt_install "$dir"/new/*.deb
dpkg -l 'queuehall-*' | grep '^ii'
[ ! -e /src/queuehall/build ] || fail "the build tree is in the root"

step "setup"
setup
# The kiosk for this test: the controller on the test's port, the virtual printer (each ticket
# a PNG).
sed -i -e 's#"printer": "usb://"#"printer": "virtual:///var/tmp/tickets"#' \
  -e "s#127.0.0.1:8470#127.0.0.1:$port#" /etc/queuehall/kiosk.json

step "serve"
serve

step "the installed kiosk, as its session user, offscreen (cage needs a screen)"
# Its runtime folder, as logind makes one for the session and removes it at the end.
runtime=/run/user/$(id -u queuehall-kiosk)
install -d -o queuehall-kiosk -g queuehall-kiosk -m 0700 "$runtime"
setpriv --reuid=queuehall-kiosk --regid=queuehall-kiosk --init-groups -- env QT_QPA_PLATFORM=offscreen \
  XDG_RUNTIME_DIR="$runtime" timeout 30 queuehall-kiosk >/var/tmp/kiosk.log 2>&1 &
kiosk=$!
for _ in $(seq 1 150); do
  grep -q "interactive after" /var/tmp/kiosk.log && break
  sleep 0.2
done
kill "$kiosk" 2>/dev/null || true
wait "$kiosk" || true
rm -rf "$runtime"
grep "interactive after" /var/tmp/kiosk.log || { cat /var/tmp/kiosk.log; fail "the kiosk did not come up"; }

step "a test ticket with queuehall-print"
queuehall-print test virtual:///var/tmp/tickets
ls /var/tmp/tickets/*.png >/dev/null || fail "no ticket image was written"

step "doctor"
"${controller[@]}" --port "$port" doctor || fail "doctor found a failure"

step "systemd-analyze"
systemd-analyze verify /lib/systemd/system/queuehall-controller.service \
  /lib/systemd/system/queuehall-backup.service /lib/systemd/system/queuehall-backup.timer \
  /lib/systemd/system/queuehall-kiosk.service
for unit in queuehall-controller queuehall-backup; do
  exposure=$(systemd-analyze security --offline=yes "/lib/systemd/system/$unit.service" 2>&1 |
    sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
  echo "$unit.service exposure $exposure"
  awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "$unit.service is exposed: $exposure"
done

step "backup while serving (as the daily timer runs it), restore with the controller stopped"
/usr/bin/queuehall-controller --db /var/lib/queuehall/queuehall.db ticket issue hrss-01 >/dev/null
runuser -u queuehall -- "${controller[@]}" backup --keep 14
copy=$(ls /var/lib/queuehall/backups/daily-*.db)
/usr/bin/queuehall-controller --db /var/lib/queuehall/queuehall.db ticket issue hrss-01 >/dev/null
"${controller[@]}" restore "$copy" && fail "restore went ahead while the controller served"
stop
"${controller[@]}" restore "$copy"
serve
"${controller[@]}" ticket show 1 >/dev/null || fail "the ticket issued before the backup is gone"
! "${controller[@]}" ticket show 2 >/dev/null 2>&1 || fail "the restored database has a later ticket"
stop

step "purge"
purge

# The previous commit's packages, used, then upgraded to this commit's.
upgrade() {
  step "install the previous commit's packages, set up, take tickets"
  apt_install "$dir"/old/*.deb
  dpkg -l 'queuehall-*' | grep '^ii'
  setup
  serve
  for service in hrss-01 hrss-01 tax-01; do
    "${controller[@]}" ticket issue "$service" >/dev/null
  done
  before=$("${controller[@]}" audit verify)
  echo "$before"
  stop

  step "upgrade to this commit's packages"
  apt_install "$dir"/new/*.deb
  dpkg -l 'queuehall-*' | grep '^ii'
  serve
  for id in 1 2 3; do
    "${controller[@]}" ticket show "$id" || fail "ticket $id did not survive the upgrade"
  done
  grep -q '"token": "qh_' /etc/queuehall/kiosk.json || fail "the upgrade lost the kiosk's settings"
  after=$("${controller[@]}" audit verify)
  echo "$after"
  [ "${after//[^0-9]/}" -ge "${before//[^0-9]/}" ] || fail "events were lost in the upgrade"
  ls -l /var/lib/queuehall/backups/ 2>/dev/null || true
  stop

  step "purge"
  purge
}

if compgen -G "$dir/old/*.deb" >/dev/null; then
  upgrade
else
  echo "NOT TESTED: the upgrade (no packages of a previous commit)" >&2
fi

if [ "${2:-}" = --leave-installed ]; then
  step "installed and set up again, with systemd as init, to be booted"
  apt_install "$dir"/new/*.deb systemd-sysv dbus
  setup
fi

#!/usr/bin/env bash
# Runs a command in a fresh Debian 12 root with a clean clone of this repository: the newcomer's test.
#
# Usage: packaging/fresh-debian.sh [--keep] [--cache TARBALL] [--copy DIR] [COMMAND...]
#        (default COMMAND: ./test.sh)
#
# The root is built by mmdebstrap from the same Debian mirror as this machine (its apt sources
# and Acquire options are carried in), with nothing but apt, git and the certificate authorities;
# the host's CA bundle and proxy variables are carried in so the Debian and npm registries answer.
# The clone holds the committed HEAD only. --cache keeps the fresh root in TARBALL and starts
# from it next time (its package lists are refreshed then); --copy puts DIR into the root as
# /src/copied. Needs root (mmdebstrap, chroot, mounts). The root is removed afterwards unless
# --keep is given; its path is printed either way.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
cache=""
copy=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=true; shift ;;
    --cache) cache=$2; shift 2 ;;
    --copy) copy=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- ./test.sh
[ "$(id -u)" -eq 0 ] || { echo "error: $0 needs root (mmdebstrap, chroot and mounts)" >&2; exit 2; }

command -v mmdebstrap >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap
}

root=$(mktemp -d /var/tmp/queuehall-fresh.XXXXXX)
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if $keep; then echo "the root is kept in $root"; else rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT

# The host's apt sources (one mirror line or deb822 file per source) and its Acquire options.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -s "$f" ] && sources+=("$f")
done
aptopts=()
for f in /etc/apt/apt.conf.d/*; do
  grep -q '^[[:space:]]*Acquire' "$f" 2>/dev/null && aptopts+=("--aptopt=$f")
done

if [ -n "$cache" ] && [ -s "$cache" ]; then
  echo "unpacking the Debian 12 root kept in $cache into $root"
  tar -C "$root" -xf "$cache"
else
  echo "building a Debian 12 root in $root"
  mmdebstrap --variant=apt --include=ca-certificates,git "${aptopts[@]}" bookworm "$root" "${sources[@]}"
  if [ -n "$cache" ]; then
    mkdir -p "$(dirname "$cache")"
    tar -C "$root" -cf "$cache.part" . && mv "$cache.part" "$cache"
  fi
fi
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

git clone -q --no-local . "$root/src/queuehall"
echo "cloned $(git rev-parse --short HEAD) into the root"
[ -z "$copy" ] || cp -r "$copy" "$root/src/copied"

for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  mount --bind "/$m" "$root/$m"
  mounted+=("$root/$m")
done
mount -t tmpfs tmpfs "$root/dev/shm"
mounted+=("$root/dev/shm")

env_vars=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
  CI="${CI:-true}" NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  npm_config_cafile=/etc/ssl/certs/ca-certificates.crt)
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!v:-}" ] && env_vars+=("$v=${!v}")
done

printf 'running in the fresh root:'
printf ' %q' "$@"
echo
chroot "$root" /usr/bin/env -i "${env_vars[@]}" bash -c 'cd /src/queuehall && exec "$@"' bash "$@"

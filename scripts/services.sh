#!/usr/bin/env bash
# Makes sure what zhibu needs on a dev or CI machine is installed and running: Java 17, Maven,
# PostgreSQL (reachable on 127.0.0.1:5432 as user postgres without a password) and Redis (127.0.0.1:6379).
# Installs with apt-get when something is missing (Debian/Ubuntu, as root), starts what is stopped.
# Safe to run again and again. Not for production hosts: it sets local trust auth for 127.0.0.1.
set -euo pipefail

log() { printf 'services: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  log "need root for: $*"; exit 1; fi; }

apt_updated=""
install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v java >/dev/null || install openjdk-17-jdk-headless
command -v mvn >/dev/null || install maven
command -v pg_ctlcluster >/dev/null || install postgresql postgresql-client
command -v redis-server >/dev/null || install redis-server redis-tools
# A Chinese font for the certificates and posters the server draws (Java2D).
[ -d /usr/share/fonts/truetype/wqy ] || install fonts-wqy-microhei

# PostgreSQL
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  log "starting PostgreSQL $version"
  if [ "$(id -u)" -eq 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  else
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! PGCONNECT_TIMEOUT=3 psql -w -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  log "allowing local TCP connections as postgres without a password ($hba)"
  as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  sleep 1
  PGCONNECT_TIMEOUT=3 psql -w -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null
fi

# Redis
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/zhibu-dev.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null
log "PostgreSQL and Redis are up"

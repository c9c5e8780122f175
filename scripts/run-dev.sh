#!/usr/bin/env bash
# Runs zhibu on this machine in dev mode: local PostgreSQL (the database ZHIBU_PG_URL names, zhibu by default)
# and Redis, the built-in fake WeChat, and a seeded demo school whose logins are printed at start. Stop it with
# Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
export ZHIBU_PG_URL=${ZHIBU_PG_URL:-postgresql://postgres@127.0.0.1:5432/zhibu}
db=${ZHIBU_PG_URL##*/}; db=${db%%\?*}
case "$db" in (*[!A-Za-z0-9_]*|"") echo "run-dev: cannot read a database name from ZHIBU_PG_URL=$ZHIBU_PG_URL" >&2; exit 1;; esac
psql -w -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || psql -w -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
if [ ! -f target/zhibu.jar ] || [ -n "$(find src/main src/console/src src/console/index.html src/console/package-lock.json src/console/vite.config.js api-spec pom.xml -newer target/zhibu.jar -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi
export ZHIBU_DEV=true ZHIBU_DEMO=true ZHIBU_WECHAT_BASE_URL=fake
# A 1 GB heap unless JAVA_OPTS says otherwise: left to itself the JVM sizes its heap from the machine (a quarter of
# its memory) and keeps what it grew to; the large-school benchmark runs every report of a 100,000-member school in
# 1 GB (docs/performance.md).
exec java ${JAVA_OPTS:--Xmx1g} -jar target/zhibu.jar

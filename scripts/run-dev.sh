#!/usr/bin/env bash
# Runs zhibu on this machine in dev mode: local PostgreSQL (database zhibu) and Redis, the built-in fake
# WeChat, and a seeded demo school whose logins are printed at start. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
psql -w -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'zhibu'" | grep -q 1 \
  || psql -w -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE zhibu"
if [ ! -f target/zhibu.jar ] || [ -n "$(find src api-spec pom.xml -newer target/zhibu.jar -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi
export ZHIBU_DEV=true ZHIBU_DEMO=true ZHIBU_WECHAT_BASE_URL=fake
export ZHIBU_PG_URL=${ZHIBU_PG_URL:-postgresql://postgres@127.0.0.1:5432/zhibu}
exec java -jar target/zhibu.jar

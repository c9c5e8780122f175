#!/usr/bin/env bash
# Browser tests of the web console: Debian's headless Chromium driven by playwright-core, against a dev
# server with the demo school on its own database. Installs what it needs (chromium, node packages),
# re-vendors ECharts and Redoc from the pinned npm packages, and leaves screenshots in docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
command -v chromium >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
command -v node >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
(cd src/test/console && npm ci --no-audit --no-fund --loglevel=error)
cp src/test/console/node_modules/echarts/dist/echarts.min.js src/main/resources/console/vendor/echarts.min.js
cp src/test/console/node_modules/redoc/bundles/redoc.standalone.js src/main/resources/docs/redoc.standalone.js
[ -f target/zhibu.jar ] && [ -z "$(find src/main api-spec pom.xml -newer target/zhibu.jar -print -quit)" ] \
  || mvn -B -q -DskipTests package

PORT=${CONSOLE_PORT:-18085}
DB=zhibu_console_$$
psql -w -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DB"
LOG=$(mktemp)
ZHIBU_DEV=true ZHIBU_DEMO=true ZHIBU_WECHAT_BASE_URL=fake ZHIBU_HTTP_PORT=$PORT ZHIBU_REDIS_PREFIX="zhibu:console:$$:" \
  ZHIBU_PG_URL="postgresql://postgres@127.0.0.1:5432/$DB" java -jar target/zhibu.jar > "$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  psql -w -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  redis-cli --scan --pattern "zhibu:console:$$:*" | xargs -r redis-cli del > /dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/health/ready" > /dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done
CONSOLE_BASE="http://127.0.0.1:$PORT" node src/test/console/console.test.mjs

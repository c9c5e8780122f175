# Sourced by the scripts whose tests need a running zhibu: builds the jar when the sources are newer, starts
# a dev server (fake WeChat, demo school) on its own database and Redis prefix, waits until it is ready, and
# removes all of it on exit. Sets DEV_SERVER_BASE (http://127.0.0.1:PORT).
#   source scripts/dev-server.sh; start_dev_server 18085 console
start_dev_server() {
  local port=$1 name=$2
  [ -f target/zhibu.jar ] && [ -z "$(find src/main src/console/src src/console/index.html src/console/package-lock.json src/console/vite.config.js api-spec pom.xml -newer target/zhibu.jar -print -quit)" ] \
    || mvn -B -q -ntp -DskipTests package
  DEV_SERVER_DB="zhibu_${name}_$$"
  DEV_SERVER_PREFIX="zhibu:${name}:$$:"
  DEV_SERVER_LOG=$(mktemp)
  psql -w -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DEV_SERVER_DB"
  ZHIBU_DEV=true ZHIBU_DEMO=true ZHIBU_WECHAT_BASE_URL=fake ZHIBU_HTTP_PORT=$port ZHIBU_REDIS_PREFIX="$DEV_SERVER_PREFIX" \
    ZHIBU_PG_URL="postgresql://postgres@127.0.0.1:5432/$DEV_SERVER_DB" java -jar target/zhibu.jar > "$DEV_SERVER_LOG" 2>&1 &
  DEV_SERVER_PID=$!
  trap stop_dev_server EXIT
  DEV_SERVER_BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 150); do
    curl -sf "$DEV_SERVER_BASE/health/ready" > /dev/null && return 0
    kill -0 "$DEV_SERVER_PID" 2>/dev/null || { cat "$DEV_SERVER_LOG"; return 1; }
    sleep 0.2
  done
  cat "$DEV_SERVER_LOG"
  return 1
}

stop_dev_server() {
  kill "$DEV_SERVER_PID" 2>/dev/null || true
  wait "$DEV_SERVER_PID" 2>/dev/null || true
  psql -w -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DEV_SERVER_DB WITH (FORCE)" || true
  redis-cli --scan --pattern "${DEV_SERVER_PREFIX}*" | xargs -r redis-cli del > /dev/null || true
  rm -f "$DEV_SERVER_LOG"
}

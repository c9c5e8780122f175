#!/usr/bin/env bash
# The mini-program's checks: its types regenerated from the contract, `tsc --noEmit` over every page and
# test, the page and unit tests (miniprogram-simulate + Jest), then the integration test that walks each
# user's flow through the mini-program's own API layer against a dev server (fake WeChat, demo school).
# Installs Node and the pinned npm packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
command -v node >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
(cd src/miniprogram && npm ci --no-audit --no-fund --loglevel=error && npm run --silent gen >/dev/null \
  && npm run --silent typecheck && npx jest --selectProjects unit pages)
source scripts/dev-server.sh
start_dev_server "${MINIPROGRAM_PORT:-18086}" miniprogram
# the dev server's built-in WeChat Pay (its address is in the server's log): the flows pay through it as a phone would
FAKE_PAY=$(grep -o 'fake WeChat Pay at http://[0-9.:]*' "$DEV_SERVER_LOG" | awk '{print $NF}' | head -1)
(cd src/miniprogram && MINIPROGRAM_API_BASE="$DEV_SERVER_BASE/api/v1" MINIPROGRAM_FAKE_PAY="$FAKE_PAY" \
  npx jest --selectProjects integration --runInBand)

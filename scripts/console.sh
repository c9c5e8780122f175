#!/usr/bin/env bash
# Browser tests of the web console: Debian's headless Chromium driven by playwright-core, against a dev
# server with the demo school on its own database. Installs what it needs (chromium, node packages),
# re-vendors Redoc from its pinned npm package (only when they changed, so the jar is not rebuilt
# for nothing), and leaves screenshots in target/screenshots/ — `SCREENSHOTS=docs/screenshots` updates the
# committed ones on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
command -v chromium >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
# a Chinese font, so the screenshots show the words (the assertions read text and do not need it)
fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk" || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; }
command -v node >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
(cd src/test/console && npm ci --no-audit --no-fund --loglevel=error)
vendor() { cmp -s "$1" "$2" || cp "$1" "$2"; }
vendor src/test/console/node_modules/redoc/bundles/redoc.standalone.js src/main/resources/docs/redoc.standalone.js
source scripts/dev-server.sh
start_dev_server "${CONSOLE_PORT:-18085}" console
CONSOLE_BASE="$DEV_SERVER_BASE" node src/test/console/console.test.mjs

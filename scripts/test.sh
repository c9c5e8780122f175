#!/usr/bin/env bash
# Every test, as CI runs them: the server's API tests against real PostgreSQL and Redis (each response held to
# the contract; the generated Java client driven through the core flow), the contract's outside checks, the
# mini-program (types, pages, flows against a dev server) and the web console in headless Chromium.
# Installs and starts what is missing (PostgreSQL, Redis, Node, Chromium) on Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
mvn -B -ntp test
bash scripts/contract.sh
bash scripts/miniprogram.sh
bash scripts/console.sh

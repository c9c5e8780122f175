#!/usr/bin/env bash
# Builds the web console (src/console: Vue 3 single-file components on TDesign, bundled by Vite) into
# target/classes/console, which the server serves from its classpath at /console/. Maven runs this in
# generate-resources, so `mvn package` and the README's two commands build it; it does nothing when no file under
# src/console (nor api-spec/labels.json, which it imports) is newer than the last build. Installs Node.js and npm
# from Debian when absent; the packages come
# from src/console/package-lock.json. ZHIBU_CONSOLE_PREBUILT=1 (the Docker build, which builds it in its own
# stage) keeps a build already in place.
set -euo pipefail
cd "$(dirname "$0")/.."
built=target/classes/console/index.html
if [ -f "$built" ]; then
  [ -n "${ZHIBU_CONSOLE_PREBUILT:-}" ] && exit 0
  [ -z "$(find src/console api-spec/labels.json -path src/console/node_modules -prune -o -type f -newer "$built" -print -quit)" ] && exit 0
fi
command -v node >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
cd src/console
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx --no-install vite build --logLevel warn

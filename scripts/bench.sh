#!/usr/bin/env bash
# The benchmark harness: makes sure PostgreSQL, Redis and wrk are there, builds the jar, then runs
# scripts/bench.py, which seeds its own database (zhibu_bench), drives the server with wrk on 127.0.0.1 and
# writes docs/performance-results.md. Tunables: BENCH_MEMBERS, BENCH_CONNECTIONS, BENCH_DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
mvn -B -q -DskipTests package
exec python3 scripts/bench.py

#!/usr/bin/env bash
# The large-school benchmark: makes sure PostgreSQL and Redis are there, builds the jar, then runs
# scripts/bench-school.py, which seeds a small school, one of 40,000 and one of 100,000 members by SQL (each in
# its own database) and times every report, list and export from outside. BENCH_SCHOOLS=small,40k for a
# shorter run. Results: docs/performance-school-results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
mvn -B -q -ntp -DskipTests package
exec python3 scripts/bench-school.py

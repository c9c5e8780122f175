#!/usr/bin/env bash
# A migration that has landed is never edited: every file under src/main/resources/db/migration must be exactly
# what the commit that added it holds. Installations that already ran a migration refuse a changed one (Flyway
# checksums), so an edit would stop every one of them at start-up. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=src/main/resources/db/migration
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = "true" ]; then
  echo "check-migrations: shallow clone; fetching history to compare migrations" >&2
  git fetch -q --unshallow || { echo "check-migrations: no history to compare against" >&2; exit 1; }
fi
status=0
for file in "$dir"/V*.sql; do
  added=$(git log --diff-filter=A --format=%H -- "$file" | tail -n 1)
  [ -n "$added" ] || continue   # new in this change (not committed yet): nothing landed to compare with
  if ! git diff --quiet "$added" -- "$file"; then
    echo "check-migrations: $file was edited after it landed in ${added:0:7}; add a new migration instead" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "check-migrations: $(ls "$dir"/V*.sql | wc -l) migrations unchanged since they landed"
exit $status

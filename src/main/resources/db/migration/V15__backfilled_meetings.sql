-- 补录: a meeting held without the app, recorded afterwards. It waits (status pending_approval) for an admin or
-- secretary of an org above to approve or refuse it, never its creator, and counts for nothing until approved.
ALTER TABLE events
  ADD COLUMN backfill_reason text CHECK (length(backfill_reason) <= 500),
  ADD COLUMN decided_by      uuid REFERENCES persons (id),
  ADD COLUMN decided_at      timestamptz,
  ADD COLUMN decision_note   text CHECK (length(decision_note) <= 500);

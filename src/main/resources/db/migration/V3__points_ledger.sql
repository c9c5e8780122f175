-- The points ledger: append-only, one row per award source (idempotency key), caps applied at write time,
-- and a per-person hash chain so any later edit of a row is detectable.

CREATE TABLE points_ledger (
  id              bigserial PRIMARY KEY,
  person_id       uuid NOT NULL REFERENCES persons (id),
  category        text NOT NULL CHECK (category IN ('attendance', 'study', 'volunteer', 'notice_read',
                                                    'request_resolved', 'manual')),
  points          integer NOT NULL,
  requested       integer NOT NULL,
  minutes         integer NOT NULL DEFAULT 0 CHECK (minutes >= 0),
  source_type     text NOT NULL,
  source_id       text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  reason          text,
  granted_by      uuid REFERENCES persons (id),
  awarded_at      timestamptz NOT NULL,
  prev_hash       text,
  hash            text NOT NULL,
  CHECK (category <> 'manual' OR (reason IS NOT NULL AND granted_by IS NOT NULL AND granted_by <> person_id))
);
CREATE INDEX points_ledger_person_time ON points_ledger (person_id, awarded_at);
CREATE INDEX points_ledger_time ON points_ledger (awarded_at);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

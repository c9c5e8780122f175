-- 流动党员 (seed 002 §15, seed 001 四.3): a member away from the branch for a while (an internship, study or work
-- elsewhere), with where and how to reach them, kept in the branch's records. One current entry per person; none
-- when they are not away.
CREATE TABLE mobility (
  person_id   uuid PRIMARY KEY REFERENCES persons (id),
  destination text NOT NULL CHECK (char_length(destination) BETWEEN 1 AND 200),
  contact     text CHECK (length(contact) <= 100),
  since       date,
  until       date,
  set_by      uuid NOT NULL REFERENCES persons (id),
  set_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (until IS NULL OR since IS NULL OR until >= since)
);

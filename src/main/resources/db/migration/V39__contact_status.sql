-- 失联党员 follow-up (api-outline round 3, "A member's care, talks and reports"): a member with no check-in, no dues
-- payment and no login for months is listed for the secretary, who records what they found — lost (失联) or not —
-- with a note. One row per person: the latest finding.
CREATE TABLE contact_status (
  person_id   uuid PRIMARY KEY REFERENCES persons (id),
  lost        boolean NOT NULL,
  note        text CHECK (char_length(note) <= 500),
  recorded_by uuid NOT NULL REFERENCES persons (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);

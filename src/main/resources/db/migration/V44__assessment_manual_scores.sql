-- The `manual` indicator: a value (0..1) the assessor gives an org, with the reason, by someone who does not lead it.
-- Kept apart from the values computed and frozen at closing: the assessor usually scores after closing.
CREATE TABLE assessment_manual (
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  org_id        uuid NOT NULL REFERENCES orgs (id),
  value         double precision NOT NULL CHECK (value BETWEEN 0 AND 1),
  note          text CHECK (length(note) <= 500),
  set_by        uuid NOT NULL REFERENCES persons (id),
  set_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, org_id)
);

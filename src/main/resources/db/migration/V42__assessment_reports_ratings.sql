-- 书记抓党建述职 (seed 004 五.3): each assessed org's secretary submits the report; the org's party members (frozen when
-- the round opens) and the leaders of the orgs above rate it once each, secretly, as 民主评议 ballots are kept (V26):
-- who rated is kept apart from what, and the grades only as running counts in ONE row per round, rewritten whole by
-- every rating, so no row shares a transaction with one rating's grade but the latest, and it holds them all.
ALTER TABLE assessments ADD COLUMN electorate_frozen_at timestamptz;

CREATE TABLE assessment_reports (
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  org_id        uuid NOT NULL REFERENCES orgs (id),
  text          text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 20000),
  submitted_by  uuid NOT NULL REFERENCES persons (id),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, org_id)
);

-- the party members of each assessed org when the round opened: they (and the leaders above) rate its report
CREATE TABLE assessment_electorate (
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  org_id        uuid NOT NULL REFERENCES orgs (id),
  person_id     uuid NOT NULL REFERENCES persons (id),
  PRIMARY KEY (assessment_id, person_id)
);

CREATE TABLE assessment_raters (
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  org_id        uuid NOT NULL REFERENCES orgs (id),
  voter_id      uuid NOT NULL REFERENCES persons (id),
  PRIMARY KEY (assessment_id, org_id, voter_id)
);

CREATE TABLE assessment_rating_tallies (
  assessment_id uuid PRIMARY KEY REFERENCES assessments (id),
  tallies       jsonb NOT NULL DEFAULT '{}',
  ballots       integer NOT NULL DEFAULT 0
) WITH (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0);

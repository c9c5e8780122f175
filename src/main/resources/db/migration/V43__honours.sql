-- 评选表彰 (seed 002 §21, seed 003 §12: 优秀共产党员, 优秀党务工作者, 先进基层党组织, usually before 七一 after a 公示).
CREATE TABLE honour_rounds (
  id                   uuid PRIMARY KEY,
  org_id               uuid NOT NULL REFERENCES orgs (id),
  year                 integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  kinds                text[] NOT NULL CHECK (kinds <@ ARRAY['excellent_member', 'excellent_worker', 'advanced_org'] AND cardinality(kinds) > 0),
  nominations_close_at timestamptz NOT NULL,
  notice_working_days  integer NOT NULL CHECK (notice_working_days BETWEEN 1 AND 30),
  -- the 公示 of the shortlist, set once when it starts
  notice_starts_on     date,
  notice_ends_on       date,
  confirmed_at         timestamptz,
  created_by           uuid NOT NULL REFERENCES persons (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((notice_starts_on IS NULL) = (notice_ends_on IS NULL))
);

CREATE TABLE honour_nominations (
  id           uuid PRIMARY KEY,
  round_id     uuid NOT NULL REFERENCES honour_rounds (id),
  kind         text NOT NULL CHECK (kind IN ('excellent_member', 'excellent_worker', 'advanced_org')),
  person_id    uuid REFERENCES persons (id),
  org_id       uuid REFERENCES orgs (id),
  reason       text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
  -- the figures from the records at nomination (points, attendance, study, review grade, volunteer hours; or an org's
  -- assessment score and level), kept as they were when the nomination was made
  evidence     jsonb NOT NULL,
  nominated_by uuid NOT NULL REFERENCES persons (id),
  nominated_at timestamptz NOT NULL DEFAULT now(),
  shortlisted  boolean NOT NULL DEFAULT false,
  confirmed    boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'advanced_org') = (org_id IS NOT NULL) AND (person_id IS NULL) = (org_id IS NOT NULL)),
  CHECK (NOT confirmed OR shortlisted)
);
CREATE UNIQUE INDEX honour_nominations_one_person ON honour_nominations (round_id, kind, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX honour_nominations_one_org ON honour_nominations (round_id, kind, org_id) WHERE org_id IS NOT NULL;

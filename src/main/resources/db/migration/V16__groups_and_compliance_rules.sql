-- 党小组 (group): an org under a branch. Its members are members of the branch assigned to it; a 党小组会 is held
-- per group, and a branch without groups owes none.
ALTER TABLE orgs DROP CONSTRAINT IF EXISTS orgs_kind_check;
ALTER TABLE orgs ADD CONSTRAINT orgs_kind_check CHECK (kind IN ('school', 'college', 'branch', 'group'));

-- Which meetings are required, how often: defaults from domain.md (seeds 003 §8-9, 004 §4), changed by a school
-- admin (schools differ; the seeds themselves differ on 民主评议). A type not listed is not required.
CREATE TABLE compliance_rules (
  type       text PRIMARY KEY,
  cadence    text NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'yearly')),
  per_group  boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO compliance_rules (type, cadence, per_group) VALUES
  ('party_day', 'monthly', false),
  ('committee_meeting', 'monthly', false),
  ('group_meeting', 'monthly', true),
  ('branch_assembly', 'quarterly', false),
  ('party_lesson', 'quarterly', false),
  ('life_meeting', 'yearly', false),
  ('democratic_review', 'yearly', false);

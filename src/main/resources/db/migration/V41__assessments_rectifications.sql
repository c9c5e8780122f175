-- Round 3, "The year's judgement": a yearly assessment of the branches (or colleges) of a subtree, its indicator
-- values computed from the records and frozen at closing, the levels set after it, and 整改 items.
CREATE TABLE assessments (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES orgs (id),
  year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  level      text NOT NULL CHECK (level IN ('branch', 'college')),
  opens_at   timestamptz NOT NULL,
  closes_at  timestamptz NOT NULL CHECK (closes_at > opens_at),
  -- [{key, weight, target}], in the order the assessor gave them
  indicators jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES persons (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- set once, by whoever froze the values at closing (the minute job or the first read after it)
  frozen_at  timestamptz
);
CREATE UNIQUE INDEX assessments_one_a_year ON assessments (org_id, year, level);

-- An org's indicator value (0..1) with what it was computed from, written once at closing.
CREATE TABLE assessment_values (
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  org_id        uuid NOT NULL REFERENCES orgs (id),
  key           text NOT NULL,
  value         double precision CHECK (value BETWEEN 0 AND 1),
  evidence      jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (assessment_id, org_id, key)
);

-- The level given after closing, with the score it was given beside.
CREATE TABLE assessment_levels (
  assessment_id uuid NOT NULL REFERENCES assessments (id),
  org_id        uuid NOT NULL REFERENCES orgs (id),
  level         text NOT NULL CHECK (level IN ('five_star', 'four_star', 'three_star', 'two_star', 'one_star',
                                               'advanced', 'average', 'lagging')),
  score         double precision NOT NULL,
  note          text CHECK (length(note) <= 500),
  set_by        uuid NOT NULL REFERENCES persons (id),
  set_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, org_id)
);

-- 整改: an item with owner and deadline; verified by the org above, never by its owner.
CREATE TABLE rectifications (
  id            uuid PRIMARY KEY,
  org_id        uuid NOT NULL REFERENCES orgs (id),
  title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  detail        text CHECK (length(detail) <= 5000),
  owner_id      uuid NOT NULL REFERENCES persons (id),
  due_on        date NOT NULL,
  assessment_id uuid REFERENCES assessments (id),
  state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted', 'verified', 'reopened')),
  created_by    uuid NOT NULL REFERENCES persons (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  verified_at   timestamptz,
  reminded_on   date,
  CHECK ((state = 'verified') = (verified_at IS NOT NULL))
);
CREATE INDEX rectifications_org ON rectifications (org_id, state, due_on);
-- one automatic item per lagging org and assessment
CREATE UNIQUE INDEX rectifications_one_per_assessment ON rectifications (assessment_id, org_id) WHERE assessment_id IS NOT NULL;

CREATE TABLE rectification_steps (
  id                bigserial PRIMARY KEY,
  rectification_id  uuid NOT NULL REFERENCES rectifications (id),
  kind              text NOT NULL CHECK (kind IN ('progress', 'submitted', 'verified', 'reopened')),
  note              text CHECK (length(note) <= 2000),
  by_id             uuid NOT NULL REFERENCES persons (id),
  at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_steps_item ON rectification_steps (rectification_id, id);
ALTER TABLE push_outbox DROP CONSTRAINT push_outbox_topic_check;
ALTER TABLE push_outbox ADD CONSTRAINT push_outbox_topic_check
  CHECK (topic IN ('development', 'birthday', 'dues', 'term', 'rectification'));

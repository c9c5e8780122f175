-- A member's cultivation, care and the 群众's voice (api-outline round 3, "A member's care, talks and reports").

-- 培养联系人 (seed 003 §11 落实联系人制度) and 入党介绍人: party members assigned by the branch to a person in
-- development. Who may be assigned (full members, 1–2 contacts, 2 introducers from 发展对象 on) is the national
-- 发展党员工作细则's rule, checked by the service; the table keeps nobody their own contact.
CREATE TABLE development_contacts (
  person_id   uuid NOT NULL REFERENCES persons (id),
  contact_id  uuid NOT NULL REFERENCES persons (id),
  role        text NOT NULL CHECK (role IN ('contact', 'introducer')),
  assigned_by uuid NOT NULL REFERENCES persons (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, role, contact_id),
  CHECK (contact_id <> person_id)
);
CREATE INDEX development_contacts_contact ON development_contacts (contact_id);

-- 思想汇报 (seed 000 三(一)4 党员思想汇报制度): written by people in development and probationary members for a
-- quarter ("2026-Q3"), acknowledged with a comment by the secretary or one of their contacts, never themselves.
CREATE TABLE thought_reports (
  id           uuid PRIMARY KEY,
  person_id    uuid NOT NULL REFERENCES persons (id),
  org_id       uuid NOT NULL REFERENCES orgs (id),
  period       text NOT NULL CHECK (period ~ '^[0-9]{4}-Q[1-4]$'),
  body         text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  acked_by     uuid REFERENCES persons (id),
  acked_at     timestamptz,
  comment      text CHECK (length(comment) <= 2000),
  CHECK ((acked_by IS NULL) = (acked_at IS NULL)),
  CHECK (acked_by IS NULL OR acked_by <> person_id)
);
CREATE INDEX thought_reports_person ON thought_reports (person_id, period);
CREATE INDEX thought_reports_org ON thought_reports (org_id, submitted_at);

-- 团组织推优 (seed 002 §15, optional, before 入党积极分子) and 积极分子培训结业 (between 积极分子 and 发展对象):
-- the one year of cultivation before 发展对象 is still counted from 积极分子 (national 发展党员工作细则), so neither
-- step needs a timing row of its own.

-- 关怀帮扶 (seed 002 §21 精准关怀帮扶老党员、困难党员和长期承担急难险重任务党员; seed 000 三(三)2 元旦春节、七一走访慰问):
-- the register, one entry per person, and the visits.
CREATE TABLE care_register (
  person_id uuid PRIMARY KEY REFERENCES persons (id),
  kinds     text[] NOT NULL CHECK (cardinality(kinds) > 0 AND kinds <@ ARRAY['elder', 'hardship', 'frontline']),
  note      text CHECK (length(note) <= 1000),
  set_by    uuid NOT NULL REFERENCES persons (id),
  set_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE care_visits (
  id          uuid PRIMARY KEY,
  org_id      uuid NOT NULL REFERENCES orgs (id),
  person_id   uuid NOT NULL REFERENCES persons (id),
  visited_on  date NOT NULL,
  campaign    text NOT NULL CHECK (campaign IN ('spring_festival', 'july_first', 'other')),
  support     text CHECK (length(support) <= 500),
  amount_fen  integer CHECK (amount_fen >= 0),
  note        text CHECK (length(note) <= 1000),
  recorded_by uuid NOT NULL REFERENCES persons (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_visits_person ON care_visits (person_id, visited_on);
CREATE INDEX care_visits_org ON care_visits (org_id, visited_on);

-- 群众评议党员、党员评议支部 (seed 003 §8): one-time codes a secretary hands to non-members, kept only as hashes;
-- a code is spent by the ballot it casts. What a public ballot rated goes into the round's one tallies row (V26)
-- under "public:<person>", and what members thought of the branch committee under "committee"; the counts of
-- public ballots beside the members'.
CREATE TABLE review_invitations (
  code_hash  text PRIMARY KEY,
  review_id  uuid NOT NULL REFERENCES reviews (id),
  created_by uuid NOT NULL REFERENCES persons (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used       boolean NOT NULL DEFAULT false
);
CREATE INDEX review_invitations_review ON review_invitations (review_id);
ALTER TABLE review_tallies ADD COLUMN public_ballots integer NOT NULL DEFAULT 0;

-- Graduates transferred in one step: batch transfers share an id.
ALTER TABLE transfers ADD COLUMN batch_id uuid;
CREATE INDEX persons_graduates_on ON persons (graduates_on) WHERE graduates_on IS NOT NULL;

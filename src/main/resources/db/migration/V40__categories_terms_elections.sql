-- Round 3, "Categories and 党内统计" and "Terms and elections (按期换届)".
-- A person's category and what 党内统计 asks beside it; job_post is the person's post at work (职务), not a
-- party post (org_roles.post). dual_leader: 双带头人 (seed 002 §14), meaningful for a teacher branch's secretary.
ALTER TABLE persons
  ADD COLUMN category           text CHECK (category IN ('student', 'teacher', 'staff', 'retired', 'other')),
  ADD COLUMN professional_title text CHECK (length(professional_title) <= 40),
  ADD COLUMN job_post           text CHECK (length(job_post) <= 40),
  ADD COLUMN dual_leader        boolean NOT NULL DEFAULT false,
  ADD COLUMN graduates_on       date;

-- An org's category and its term: term_years NULL means the national default (3 for a branch: 支部工作条例;
-- 5 above: 高校基层组织工作条例), applied in TermRules, not stored, so a changed default needs no data change.
ALTER TABLE orgs
  ADD COLUMN category        text CHECK (category IN ('student', 'teacher', 'staff', 'retired', 'mixed')),
  ADD COLUMN term_started_on date,
  ADD COLUMN term_years      integer CHECK (term_years BETWEEN 1 AND 10);

-- Term reminders (90 and 30 days before the end, and when overdue), claimed once per org, term end and mark.
CREATE TABLE term_reminders (
  org_id       uuid NOT NULL REFERENCES orgs (id),
  term_ends_on date NOT NULL,
  mark         text NOT NULL CHECK (mark IN ('90', '30', 'overdue')),
  queued_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, term_ends_on, mark)
);
ALTER TABLE push_outbox DROP CONSTRAINT push_outbox_topic_check;
ALTER TABLE push_outbox ADD CONSTRAINT push_outbox_topic_check
  CHECK (topic IN ('development', 'birthday', 'dues', 'term'));

-- An election at the 党员大会, recorded by the org and decided by the org above. At most one waits at a time.
CREATE TABLE elections (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES orgs (id),
  held_on      date NOT NULL,
  eligible     integer NOT NULL CHECK (eligible > 0),
  present      integer NOT NULL CHECK (present >= 0 AND present <= eligible),
  seats        integer NOT NULL CHECK (seats > 0),
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  recorded_by  uuid NOT NULL REFERENCES persons (id),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  decided_by   uuid REFERENCES persons (id),
  decided_at   timestamptz,
  note         text CHECK (length(note) <= 500),
  CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX elections_one_pending ON elections (org_id) WHERE state = 'pending';
CREATE INDEX elections_org ON elections (org_id, held_on DESC);

-- Each candidate with their votes; the elected carry the role (and post) they take on approval.
CREATE TABLE election_candidates (
  election_id uuid NOT NULL REFERENCES elections (id),
  person_id   uuid NOT NULL REFERENCES persons (id),
  votes       integer NOT NULL CHECK (votes >= 0),
  elected     boolean NOT NULL,
  role        text CHECK (role IN ('secretary', 'deputy_secretary', 'committee')),
  post        text CHECK (length(post) <= 20),
  PRIMARY KEY (election_id, person_id),
  CHECK (elected = (role IS NOT NULL))
);

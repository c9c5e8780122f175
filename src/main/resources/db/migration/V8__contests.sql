-- Micro-course contests (微党课比赛): branches enter a course, members vote once a day.

CREATE TABLE contests (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES orgs (id),
  title      text NOT NULL,
  ends_at    timestamptz NOT NULL,
  created_by uuid NOT NULL REFERENCES persons (id),
  created_at timestamptz NOT NULL
);

CREATE TABLE contest_entries (
  id           uuid PRIMARY KEY,
  contest_id   uuid NOT NULL REFERENCES contests (id),
  course_id    uuid NOT NULL REFERENCES courses (id),
  branch_id    uuid NOT NULL REFERENCES orgs (id),
  submitted_by uuid NOT NULL REFERENCES persons (id),
  created_at   timestamptz NOT NULL,
  UNIQUE (contest_id, course_id)
);

-- One vote per member per contest per (Asia/Shanghai) day, whatever the concurrency.
CREATE TABLE contest_votes (
  contest_id uuid NOT NULL REFERENCES contests (id),
  entry_id   uuid NOT NULL REFERENCES contest_entries (id),
  person_id  uuid NOT NULL REFERENCES persons (id),
  day        date NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (contest_id, person_id, day)
);
CREATE INDEX contest_votes_entry ON contest_votes (entry_id);

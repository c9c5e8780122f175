-- Micro-courses (微党课), server-verified study time, quizzes and yearly study hours.

CREATE TABLE courses (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL REFERENCES orgs (id),
  author_id    uuid NOT NULL REFERENCES persons (id),
  title        text NOT NULL,
  credit_hours numeric(6, 2) NOT NULL CHECK (credit_hours > 0),
  -- {passScore, maxAttempts, questions:[{question, options:[...], answer}]}; answers never leave the server
  quiz         jsonb,
  created_at   timestamptz NOT NULL
);
CREATE INDEX courses_org ON courses (org_id, created_at DESC);

CREATE TABLE lessons (
  id               uuid PRIMARY KEY,
  course_id        uuid NOT NULL REFERENCES courses (id),
  position         integer NOT NULL,
  title            text NOT NULL,
  duration_seconds integer NOT NULL CHECK (duration_seconds > 0),
  media_url        text NOT NULL,
  UNIQUE (course_id, position)
);

CREATE TABLE study_sessions (
  id            uuid PRIMARY KEY,
  person_id     uuid NOT NULL REFERENCES persons (id),
  lesson_id     uuid NOT NULL REFERENCES lessons (id),
  started_at    timestamptz NOT NULL,
  last_beat_at  timestamptz NOT NULL,
  last_position integer NOT NULL DEFAULT 0,
  active        boolean NOT NULL DEFAULT true
);
-- One person studies in one session at a time: a new session ends the others.
CREATE UNIQUE INDEX study_sessions_one_active ON study_sessions (person_id) WHERE active;

CREATE TABLE lesson_progress (
  person_id        uuid NOT NULL REFERENCES persons (id),
  lesson_id        uuid NOT NULL REFERENCES lessons (id),
  credited_seconds integer NOT NULL DEFAULT 0,
  completed_at     timestamptz,
  PRIMARY KEY (person_id, lesson_id)
);

CREATE TABLE quiz_attempts (
  id        uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  score     integer NOT NULL,
  passed    boolean NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX quiz_attempts_person ON quiz_attempts (person_id, course_id);

CREATE TABLE course_completions (
  person_id    uuid NOT NULL REFERENCES persons (id),
  course_id    uuid NOT NULL REFERENCES courses (id),
  completed_at timestamptz NOT NULL,
  year         integer NOT NULL,
  credit_hours numeric(6, 2) NOT NULL,
  PRIMARY KEY (person_id, course_id)
);
CREATE INDEX course_completions_year ON course_completions (year, person_id);

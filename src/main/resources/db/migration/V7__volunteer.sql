-- Volunteer service (党员志愿服务): activities, sign-ups, on-site and self-reported hours.

CREATE TABLE volunteer_activities (
  id                uuid PRIMARY KEY,
  org_id            uuid NOT NULL REFERENCES orgs (id),
  title             text NOT NULL,
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  lat               double precision,
  lng               double precision,
  radius_m          integer,
  capacity          integer CHECK (capacity > 0),
  -- kept with the row and bumped in one UPDATE ... WHERE signed_up < capacity, so concurrent sign-ups on any
  -- number of instances never exceed the capacity
  signed_up         integer NOT NULL DEFAULT 0,
  code_secret       bytea NOT NULL,
  code_step_seconds integer NOT NULL DEFAULT 30,
  created_by        uuid NOT NULL REFERENCES persons (id),
  created_at        timestamptz NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (capacity IS NULL OR signed_up <= capacity)
);
CREATE INDEX volunteer_activities_org ON volunteer_activities (org_id, starts_at);

CREATE TABLE volunteer_signups (
  activity_id  uuid NOT NULL REFERENCES volunteer_activities (id),
  person_id    uuid NOT NULL REFERENCES persons (id),
  signed_up_at timestamptz NOT NULL,
  PRIMARY KEY (activity_id, person_id)
);

CREATE TABLE volunteer_records (
  id            uuid PRIMARY KEY,
  person_id     uuid NOT NULL REFERENCES persons (id),
  activity_id   uuid REFERENCES volunteer_activities (id),
  source        text NOT NULL CHECK (source IN ('onsite', 'self')),
  status        text NOT NULL CHECK (status IN ('open', 'pending', 'pending_higher', 'approved', 'refused')),
  started_at    timestamptz NOT NULL,
  ended_at      timestamptz,
  minutes       integer NOT NULL DEFAULT 0,
  description   text,
  evidence_urls text[] NOT NULL DEFAULT '{}',
  reviewed_by   uuid REFERENCES persons (id),
  review_note   text,
  reviewed_at   timestamptz,
  created_at    timestamptz NOT NULL
);
CREATE INDEX volunteer_records_person ON volunteer_records (person_id, started_at);
CREATE UNIQUE INDEX volunteer_records_one_onsite ON volunteer_records (activity_id, person_id) WHERE source = 'onsite';

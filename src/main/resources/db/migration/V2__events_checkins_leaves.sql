-- Party days and "三会一课" meetings, who is expected at each, check-ins and leave.

CREATE TABLE events (
  id                uuid PRIMARY KEY,
  org_id            uuid NOT NULL REFERENCES orgs (id),
  type              text NOT NULL CHECK (type IN ('party_day', 'branch_assembly', 'committee_meeting', 'group_meeting',
                                                  'party_lesson', 'life_meeting', 'democratic_review', 'other')),
  title             text NOT NULL,
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  lat               double precision,
  lng               double precision,
  radius_m          integer,
  code_step_seconds integer NOT NULL DEFAULT 30 CHECK (code_step_seconds BETWEEN 10 AND 300),
  checkin_opens_at  timestamptz NOT NULL,
  checkin_closes_at timestamptz NOT NULL,
  -- the key of this event's rotating check-in codes (HMAC); never leaves the server
  code_secret       bytea NOT NULL,
  created_by        uuid NOT NULL REFERENCES persons (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (checkin_closes_at > checkin_opens_at),
  CHECK ((lat IS NULL) = (lng IS NULL) AND (lat IS NULL) = (radius_m IS NULL))
);
CREATE INDEX events_org_time ON events (org_id, starts_at);

-- Frozen at creation: the org's probationary and full members (committee and secretary for a 支委会).
CREATE TABLE event_attendees (
  event_id  uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id),
  PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_attendees_person ON event_attendees (person_id);

CREATE TABLE checkins (
  id            uuid PRIMARY KEY,
  event_id      uuid NOT NULL,
  person_id     uuid NOT NULL,
  checked_in_at timestamptz NOT NULL,
  lat           double precision,
  lng           double precision,
  UNIQUE (event_id, person_id),
  FOREIGN KEY (event_id, person_id) REFERENCES event_attendees (event_id, person_id)
);

CREATE TABLE leaves (
  id           uuid PRIMARY KEY,
  event_id     uuid NOT NULL,
  person_id    uuid NOT NULL,
  reason       text NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by   uuid REFERENCES persons (id),
  decided_at   timestamptz,
  UNIQUE (event_id, person_id),
  FOREIGN KEY (event_id, person_id) REFERENCES event_attendees (event_id, person_id)
);

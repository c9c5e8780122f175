-- 民主评议党员: a round per org and year; each member's self-assessment; ballots. Who voted is kept apart from
-- what was voted (review_ballots has the voter and no grades; review_ratings has grades and no voter), so a
-- result can never show who voted how, not even to someone reading the tables.
CREATE TABLE reviews (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES orgs (id),
  year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  opens_at   timestamptz NOT NULL,
  closes_at  timestamptz NOT NULL CHECK (closes_at > opens_at),
  created_by uuid NOT NULL REFERENCES persons (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, year)
);

CREATE TABLE review_selfs (
  review_id    uuid NOT NULL REFERENCES reviews (id),
  person_id    uuid NOT NULL REFERENCES persons (id),
  text         text NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, person_id)
);

CREATE TABLE review_ballots (
  review_id    uuid NOT NULL REFERENCES reviews (id),
  voter_id     uuid NOT NULL REFERENCES persons (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, voter_id)
);

CREATE TABLE review_ratings (
  review_id uuid NOT NULL REFERENCES reviews (id),
  ratee_id  uuid NOT NULL REFERENCES persons (id),
  grade     text NOT NULL CHECK (grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified'))
);
CREATE INDEX review_ratings_by_ratee ON review_ratings (review_id, ratee_id);

CREATE TABLE review_grades (
  review_id  uuid NOT NULL REFERENCES reviews (id),
  person_id  uuid NOT NULL REFERENCES persons (id),
  grade      text NOT NULL CHECK (grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')),
  decided_by uuid NOT NULL REFERENCES persons (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, person_id)
);

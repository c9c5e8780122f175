-- 党费: the rate table (as data: a school follows the 2008 中组部 standard unless its committee says otherwise),
-- each member's category and monthly base per year, and payments. A month is paid once: one row per person and
-- month, keyed so, whatever the concurrency.
CREATE TABLE dues_rates (
  category  text NOT NULL CHECK (category IN ('student', 'employed', 'retired', 'other')),
  -- the band applies to monthly bases up to and including this many fen; NULL: no upper bound
  up_to_fen bigint,
  -- either a share of the base, in per mille, or a flat amount a month
  permille  integer CHECK (permille BETWEEN 0 AND 1000),
  flat_fen  integer CHECK (flat_fen >= 0),
  CHECK ((permille IS NULL) <> (flat_fen IS NULL))
);
INSERT INTO dues_rates (category, up_to_fen, permille, flat_fen) VALUES
  ('student', NULL, NULL, 20),
  ('other', NULL, NULL, 20),
  ('employed', 300000, 5, NULL), ('employed', 500000, 10, NULL), ('employed', 1000000, 15, NULL),
  ('employed', NULL, 20, NULL),
  ('retired', 500000, 5, NULL), ('retired', NULL, 10, NULL);

CREATE TABLE dues_bases (
  person_id        uuid NOT NULL REFERENCES persons (id),
  year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  category         text NOT NULL CHECK (category IN ('student', 'employed', 'retired', 'other')),
  monthly_base_fen bigint CHECK (monthly_base_fen >= 0),
  monthly_due_fen  integer NOT NULL CHECK (monthly_due_fen >= 0),
  set_by           uuid NOT NULL REFERENCES persons (id),
  set_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, year)
);

CREATE TABLE dues_payments (
  id          uuid PRIMARY KEY,
  person_id   uuid NOT NULL REFERENCES persons (id),
  org_id      uuid NOT NULL REFERENCES orgs (id),
  amount_fen  integer NOT NULL CHECK (amount_fen > 0),
  recorded_by uuid NOT NULL REFERENCES persons (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dues_paid_months (
  person_id  uuid NOT NULL REFERENCES persons (id),
  month      text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  payment_id uuid NOT NULL REFERENCES dues_payments (id),
  PRIMARY KEY (person_id, month)
);

-- Whether online micro-course credit counts toward the year's 32 / 56 学时, and up to how many hours (issue 30:
-- seed 002 §6 speaks of 集中培训和集体学习; online credit is the school's to admit). One row, the school's; by default
-- online credit counts without a cap, as before. Reports keep online and collective hours apart either way.
CREATE TABLE study_rules (
  only_row         boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  online_counts    boolean NOT NULL DEFAULT true,
  online_cap_hours numeric(6, 2) CHECK (online_cap_hours >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO study_rules DEFAULT VALUES;

-- The hours a year credits from its online and collective hours, by the school's rule: one place for every report.
CREATE FUNCTION credited_hours(online numeric, collective numeric) RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT collective + CASE WHEN r.online_counts THEN least(online, coalesce(r.online_cap_hours, online)) ELSE 0 END
  FROM study_rules r
$$;

-- The year a yearly meeting reviews (issue 30): a 组织生活会 held in January reviewing the year before names it, and
-- counts for that year's yearly requirement, not for the year it was held in. Null: the year it was held in.
ALTER TABLE events ADD COLUMN reviews_year integer CHECK (reviews_year BETWEEN 2000 AND 2100);

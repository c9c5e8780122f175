-- The study hours of everyone whose roster is in a subtree, for a year, in one set-based pass: online courses
-- completed that year plus the collective study they attended (the collective_study view stays the one place
-- that says which meetings count). Reports of a college or the school used to ask the view once per person,
-- which re-read each person's whole attendance history: 10 s for the school dashboard at 40,000 members.
-- The year is a range on starts_at (Beijing time), so the events index serves it.
CREATE FUNCTION study_hours_in(root uuid, yr int)
RETURNS TABLE (person_id uuid, online numeric, collective numeric, trained boolean)
LANGUAGE sql STABLE AS $$
  WITH people AS MATERIALIZED (
    SELECT p.id FROM persons p JOIN orgs o ON o.id = p.org_id WHERE root = ANY(o.ancestry)
  ), collective AS (
    SELECT cs.person_id, sum(cs.study_hours) AS hours, bool_or(cs.type = 'training') AS trained
    FROM collective_study cs JOIN people ON people.id = cs.person_id
    WHERE cs.starts_at >= make_timestamptz(yr, 1, 1, 0, 0, 0, 'Asia/Shanghai')
      AND cs.starts_at < make_timestamptz(yr + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
    GROUP BY cs.person_id
  ), online AS (
    SELECT cc.person_id, sum(cc.credit_hours) AS hours
    FROM course_completions cc JOIN people ON people.id = cc.person_id
    WHERE cc.year = yr GROUP BY cc.person_id
  )
  SELECT people.id, coalesce(online.hours, 0), coalesce(collective.hours, 0), coalesce(collective.trained, false)
  FROM people LEFT JOIN online ON online.person_id = people.id LEFT JOIN collective ON collective.person_id = people.id
$$;

-- Year filters as ranges: the dashboard's points and volunteer figures read a year of rows by time.
CREATE INDEX volunteer_records_time ON volunteer_records (started_at);

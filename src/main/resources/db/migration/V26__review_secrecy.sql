-- 民主评议 secrecy, made true (the outside security test rebuilt every ballot twice over: live tallies read around
-- one vote, and review_ratings rows sharing xmin with their review_ballots row).
--
-- From now on nothing stores a rating next to its voter, not even the transaction id: a round's grades are kept
-- only as running counts in ONE row per round (review_tallies), and every ballot rewrites that whole row, adding
-- zero where it rated nobody. So the live row's xmin names only the latest ballot's transaction and says nothing
-- of what that ballot held; there is no row per rating to join on xmin, order by ctid or read from a dump. The
-- superseded row versions are dead tuples: invisible to SQL and to pg_dump, readable only by a superuser with
-- pageinspect until autovacuum removes them (the thresholds below make that prompt).
--
-- The electorate (who may vote, who is rated) is frozen when the round opens: review_electorate.
CREATE TABLE review_tallies (
  review_id uuid PRIMARY KEY REFERENCES reviews (id),
  tallies   jsonb NOT NULL DEFAULT '{}',
  ballots   integer NOT NULL DEFAULT 0
) WITH (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0);

INSERT INTO review_tallies (review_id, tallies, ballots)
SELECT r.id,
       coalesce((SELECT jsonb_object_agg(t.ratee_id::text, t.counts) FROM (
                   SELECT x.ratee_id, jsonb_build_object(
                            'excellent', count(*) FILTER (WHERE x.grade = 'excellent'),
                            'qualified', count(*) FILTER (WHERE x.grade = 'qualified'),
                            'basically_qualified', count(*) FILTER (WHERE x.grade = 'basically_qualified'),
                            'unqualified', count(*) FILTER (WHERE x.grade = 'unqualified')) AS counts
                   FROM review_ratings x WHERE x.review_id = r.id GROUP BY x.ratee_id) t), '{}'),
       (SELECT count(*) FROM review_ballots b WHERE b.review_id = r.id)
FROM reviews r;

DROP TABLE review_ratings;

ALTER TABLE reviews ADD COLUMN frozen_at timestamptz;

CREATE TABLE review_electorate (
  review_id uuid NOT NULL REFERENCES reviews (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  PRIMARY KEY (review_id, person_id)
);

-- Rounds already open or closed are frozen with the party members they have today.
WITH opened AS (
  UPDATE reviews SET frozen_at = now() WHERE opens_at <= now() RETURNING id, org_id
)
INSERT INTO review_electorate (review_id, person_id)
SELECT opened.id, p.id FROM opened JOIN orgs o ON opened.org_id = ANY (o.ancestry) JOIN persons p ON p.org_id = o.id
WHERE p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL;

-- Every award reads the person's chain head (their newest ledger row) and their caps (today's and this year's
-- sum in the award's category). The head was found by walking the primary key backwards past everyone else's
-- newer rows, and each sum read all of the person's rows of the period from the heap: together 5.6 ms per
-- check-in batch of 8 (pg_stat_statements, check-in benchmark), 85 % of PostgreSQL's time in the run.
-- With these the head is one index probe and the sums index-only scans.
CREATE INDEX points_ledger_person_head ON points_ledger (person_id, id);
CREATE INDEX points_ledger_person_category ON points_ledger (person_id, category, awarded_at) INCLUDE (points);

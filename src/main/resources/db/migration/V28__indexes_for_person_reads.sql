-- Indexes for the columns that reads filter on but no index led with (found by listing every foreign key whose
-- first column starts no index, then keeping those a query filters on). Measured from outside on a school of
-- 40,000 members: a branch's dues ledger took 19 s without the two dues indexes and 10 ms with them (issue 27).
-- A person's own records (/me, /me/data, the dues and review pages) and the per-person subqueries of the
-- reports read by person_id, which the composite (event_id, person_id) keys do not serve.
CREATE INDEX dues_payments_person ON dues_payments (person_id);
CREATE INDEX dues_payments_org ON dues_payments (org_id);
CREATE INDEX dues_paid_months_payment ON dues_paid_months (payment_id);
CREATE INDEX checkins_person ON checkins (person_id);
CREATE INDEX leaves_person ON leaves (person_id);
CREATE INDEX attendance_marks_person ON attendance_marks (person_id);
CREATE INDEX review_ballots_voter ON review_ballots (voter_id);
CREATE INDEX review_electorate_person ON review_electorate (person_id);
CREATE INDEX review_selfs_person ON review_selfs (person_id);
CREATE INDEX review_grades_person ON review_grades (person_id);
CREATE INDEX volunteer_signups_person ON volunteer_signups (person_id);
CREATE INDEX contest_votes_person ON contest_votes (person_id);
CREATE INDEX lesson_progress_lesson ON lesson_progress (lesson_id);
CREATE INDEX course_completions_course ON course_completions (course_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX request_timeline_actor ON request_timeline (actor_id);
CREATE INDEX push_outbox_person ON push_outbox (person_id);

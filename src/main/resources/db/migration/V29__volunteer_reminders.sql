-- An hour before a volunteer activity, a reminder to each member signed up for it, through the push outbox like
-- the meeting reminders (V17): once per activity (volunteer_activities.reminded_at claims it) and once per person.
ALTER TABLE push_outbox ADD COLUMN activity_id uuid REFERENCES volunteer_activities (id);
ALTER TABLE push_outbox DROP CONSTRAINT push_outbox_one_subject;
ALTER TABLE push_outbox ADD CONSTRAINT push_outbox_one_subject CHECK (
  (notice_id IS NOT NULL)::int + (request_id IS NOT NULL)::int + (event_id IS NOT NULL)::int
  + (org_id IS NOT NULL)::int + (activity_id IS NOT NULL)::int = 1);
CREATE UNIQUE INDEX push_outbox_one_activity_reminder ON push_outbox (activity_id, person_id) WHERE activity_id IS NOT NULL;
ALTER TABLE volunteer_activities ADD COLUMN reminded_at timestamptz;

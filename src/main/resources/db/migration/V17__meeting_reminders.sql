-- Reminders through the push outbox: expected attendees an hour before a meeting (once per meeting), and, on
-- the remind day of the month, the secretaries of branches still missing a required meeting (once a month).
ALTER TABLE push_outbox DROP CONSTRAINT IF EXISTS push_outbox_one_subject;
ALTER TABLE push_outbox ADD COLUMN event_id uuid REFERENCES events (id);
ALTER TABLE push_outbox ADD COLUMN org_id uuid REFERENCES orgs (id);
ALTER TABLE push_outbox ADD CONSTRAINT push_outbox_one_subject CHECK (
  (notice_id IS NOT NULL)::int + (request_id IS NOT NULL)::int + (event_id IS NOT NULL)::int
  + (org_id IS NOT NULL)::int = 1);
CREATE UNIQUE INDEX push_outbox_one_event_reminder ON push_outbox (event_id, person_id) WHERE event_id IS NOT NULL;

ALTER TABLE events ADD COLUMN reminded_at timestamptz;

CREATE TABLE compliance_reminders (
  org_id  uuid NOT NULL REFERENCES orgs (id),
  period  text NOT NULL,
  missing text[] NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, period)
);

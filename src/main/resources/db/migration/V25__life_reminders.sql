-- Reminders of a member's life in the party, through the push outbox: a development step overdue (to the
-- branch's secretaries, once per person and step), the 政治生日 (to the member, once a year), dues in arrears (to
-- the member, once a month from the remind day). Each claimed once here, whatever the number of processes.
CREATE TABLE life_reminders (
  person_id uuid NOT NULL REFERENCES persons (id),
  topic     text NOT NULL CHECK (topic IN ('development', 'birthday', 'dues')),
  period    text NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, topic, period)
);
-- what an org-subject message is about: NULL for the missing-meetings alert, else the life reminder's topic
ALTER TABLE push_outbox ADD COLUMN topic text CHECK (topic IN ('development', 'birthday', 'dues'));

-- Request status changes and overdue alerts go through the same push outbox as notices.
ALTER TABLE push_outbox ALTER COLUMN notice_id DROP NOT NULL;
ALTER TABLE push_outbox ADD COLUMN request_id uuid REFERENCES requests (id);
ALTER TABLE push_outbox ADD COLUMN note text;
ALTER TABLE push_outbox ADD CONSTRAINT push_outbox_one_subject CHECK ((notice_id IS NULL) <> (request_id IS NULL));
CREATE INDEX push_outbox_request ON push_outbox (request_id);

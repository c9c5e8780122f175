-- Photos and files of a meeting (what inspectors check besides the minutes). Kept in PostgreSQL with the meeting:
-- the same transactions, the same backups (pg_dump), no second store to keep in step. At most 20 files of 10 MB
-- each per meeting bound the size.
CREATE TABLE event_attachments (
  id           uuid PRIMARY KEY,
  event_id     uuid NOT NULL REFERENCES events (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size         integer NOT NULL,
  sha256       text NOT NULL,
  data         bytea NOT NULL,
  uploaded_by  uuid NOT NULL REFERENCES persons (id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_attachments_event ON event_attachments (event_id, uploaded_at);

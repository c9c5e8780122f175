-- Photos for 办实事 requests and volunteer self-reports. Kept in PostgreSQL beside what shows them (same
-- backups). No name and nothing the sender's phone said is kept; the sender only so they can see their own.
CREATE TABLE photos (
  id           uuid PRIMARY KEY,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size         integer NOT NULL CHECK (size > 0),
  data         bytea NOT NULL,
  uploaded_by  uuid NOT NULL REFERENCES persons (id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photos_by_sender ON photos (uploaded_by, uploaded_at);

-- How many attendees were frozen at an event's creation, kept on the event so no check-in has to count them.
-- This column was first added by editing V2 after V2 had landed, which every installation that ran the first
-- V2 refuses (Flyway checksums). V2 is restored as it landed and the column is added here; installations that
-- ran the edited V2 have it already (IF NOT EXISTS), and their recorded V2 checksum is realigned at start-up
-- (platform/Database.realignEditedV2).
ALTER TABLE events ADD COLUMN IF NOT EXISTS expected integer NOT NULL DEFAULT 0;
UPDATE events e SET expected = (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id)
WHERE e.expected = 0;

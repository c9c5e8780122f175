-- Weak-signal check-ins: a scan kept on the phone and uploaded when the network returns. checked_in_at is then
-- the time of the scan (verified against the code's time step), and the record says it came in later.
ALTER TABLE checkins ADD COLUMN offline boolean NOT NULL DEFAULT false;

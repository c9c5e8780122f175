-- A requester may keep a resolved request off the public board (党务公开 shows what was done, never against the
-- wish of the person who asked). Anonymous requests and sensitive categories never appear there at all.
ALTER TABLE requests ADD COLUMN on_board boolean NOT NULL DEFAULT true;

-- Meetings as records (组织生活台账): what inspectors check — agenda, lecturer, minutes, the study hours a 党课 or
-- 集中学习 carries — and a status, so a cancelled meeting is kept and shown but counts for nothing. Two more
-- types: 集中学习 (study_session) and 集中培训 (training), which count as collective study (seed 002 §6).
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN ('party_day', 'branch_assembly',
  'committee_meeting', 'group_meeting', 'party_lesson', 'life_meeting', 'democratic_review', 'study_session',
  'training', 'other'));
ALTER TABLE events
  ADD COLUMN status        text NOT NULL DEFAULT 'scheduled'
                           CHECK (status IN ('scheduled', 'cancelled', 'pending_approval', 'refused')),
  ADD COLUMN agenda        text CHECK (length(agenda) <= 5000),
  ADD COLUMN lecturer      text CHECK (length(lecturer) <= 100),
  ADD COLUMN minutes       text CHECK (length(minutes) <= 20000),
  ADD COLUMN study_hours   numeric(4, 2) CHECK (study_hours >= 0 AND study_hours <= 24),
  ADD COLUMN backfilled    boolean NOT NULL DEFAULT false,
  ADD COLUMN cancel_reason text,
  ADD COLUMN cancelled_at  timestamptz;

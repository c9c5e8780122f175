-- 补签: a secretary or committee member marks someone's attendance by hand, with a reason (the phone died, the
-- code would not scan). Marks are kept apart from check-ins so both stay visible.
CREATE TABLE attendance_marks (
  event_id  uuid NOT NULL,
  person_id uuid NOT NULL,
  status    text NOT NULL CHECK (status IN ('present', 'leave', 'absent')),
  reason    text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  marked_by uuid NOT NULL REFERENCES persons (id),
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, person_id),
  FOREIGN KEY (event_id, person_id) REFERENCES event_attendees (event_id, person_id)
);

-- The one place that says who attended: a mark decides; otherwise a check-in is presence and approved leave is
-- leave; everyone else expected is absent. Attendance, compliance, the dashboard and study hours read this.
CREATE VIEW attendance AS
SELECT a.event_id, a.person_id,
       CASE WHEN m.status IS NOT NULL THEN m.status
            WHEN c.person_id IS NOT NULL THEN 'present'
            WHEN l.status = 'approved' THEN 'leave'
            ELSE 'absent' END AS status,
       m.status IS NOT NULL AS marked, m.reason AS mark_reason, c.checked_in_at, coalesce(c.offline, false) AS offline
FROM event_attendees a
LEFT JOIN checkins c ON c.event_id = a.event_id AND c.person_id = a.person_id
LEFT JOIN leaves l ON l.event_id = a.event_id AND l.person_id = a.person_id
LEFT JOIN attendance_marks m ON m.event_id = a.event_id AND m.person_id = a.person_id;

-- Collective study (集中学习和集体学习, seed 002 §6): the study hours of each 党课, 集中学习 and 集中培训 a person
-- attended (checked in, or marked present) and that was not cancelled, by the school year it happened in.
CREATE VIEW collective_study AS
SELECT a.person_id, e.id AS event_id, e.type, e.title, e.starts_at, coalesce(e.study_hours, 0) AS study_hours,
       extract(year FROM e.starts_at AT TIME ZONE 'Asia/Shanghai')::int AS year
FROM attendance a JOIN events e ON e.id = a.event_id
WHERE a.status = 'present' AND e.status = 'scheduled' AND e.type IN ('party_lesson', 'study_session', 'training');

-- Who an event is for (api-outline round 3, "who an event is for"): the org's members (a branch's, or at a college
-- or the school every party member below it), the leaders or the secretaries of the orgs below, the people in
-- development (积极分子培训班), or people named. Attendees are frozen at creation as before; this column says how
-- they were chosen, so that leaving is judged by the same rule.
ALTER TABLE events ADD COLUMN audience text NOT NULL DEFAULT 'members'
  CHECK (audience IN ('members', 'leaders', 'secretaries', 'activists', 'people'));

-- The one definition of an audience, used when an event is created (EventRepository: who is expected) and when
-- someone leaves (below: who stops being expected). A branch's (or group's) own members and any 支委会: by the role
-- held at the event's org (member; a leader's for a 支委会), party members only. At a college or the school,
-- members are the party members whose roster is below it; leaders and secretaries hold such a role at an org
-- below it; people in development are applicants, activists or candidates below it; named people are those named
-- (at creation; null afterwards: whoever was named) whose roster is below it. Anonymised people are in none.
CREATE FUNCTION in_audience(who uuid, event uuid, named uuid[]) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM persons p JOIN orgs home ON home.id = p.org_id, events e JOIN orgs eo ON eo.id = e.org_id
    WHERE p.id = who AND e.id = event AND p.anonymised_at IS NULL AND CASE
      WHEN e.type = 'committee_meeting' OR (e.audience = 'members' AND eo.kind IN ('branch', 'group')) THEN
        p.stage IN ('probationary', 'full') AND EXISTS (
          SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND r.org_id = e.org_id
            AND CASE WHEN e.type = 'committee_meeting' THEN leader_role(r.role) ELSE r.role = 'member' END)
      WHEN e.audience = 'members' THEN p.stage IN ('probationary', 'full') AND e.org_id = ANY(home.ancestry)
      WHEN e.audience IN ('leaders', 'secretaries') THEN EXISTS (
          SELECT 1 FROM org_roles r JOIN orgs ro ON ro.id = r.org_id
          WHERE r.person_id = p.id AND e.org_id = ANY(ro.ancestry)
            AND CASE WHEN e.audience = 'secretaries' THEN r.role = 'secretary' ELSE leader_role(r.role) END)
      WHEN e.audience = 'activists' THEN p.stage IN ('applicant', 'activist', 'candidate') AND e.org_id = ANY(home.ancestry)
      ELSE (named IS NULL OR p.id = ANY(named)) AND e.org_id = ANY(home.ancestry)
    END)
$$;

-- V35's rule, now by audience: whoever no longer belongs to a meeting's audience is no longer expected at it, if
-- it has not ended and they have not checked in or been marked (their record is history).
CREATE OR REPLACE FUNCTION leave_meetings_no_longer_owed(who uuid) RETURNS void LANGUAGE sql AS $$
  WITH target AS (
    SELECT a.event_id FROM event_attendees a JOIN events e ON e.id = a.event_id
    WHERE a.person_id = who AND e.ends_at > now()
      AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.event_id = a.event_id AND c.person_id = who)
      AND NOT EXISTS (SELECT 1 FROM attendance_marks m WHERE m.event_id = a.event_id AND m.person_id = who)
      AND NOT in_audience(who, a.event_id, NULL)),
  moot AS (
    DELETE FROM leaves l USING target t WHERE l.event_id = t.event_id AND l.person_id = who),
  gone AS (
    DELETE FROM event_attendees a USING target t WHERE a.event_id = t.event_id AND a.person_id = who
    RETURNING a.event_id)
  UPDATE events SET expected = expected - 1 WHERE id IN (SELECT event_id FROM gone);
$$;

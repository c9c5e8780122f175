-- Whoever stops belonging to an org stops being expected at its meetings that have not ended yet — however they
-- left: a transfer, a roster import that moves them, roles taken away, a stage taken below party membership,
-- anonymisation. (The outside test found people removed other than by transfer still expected, and able to check
-- in.) One rule for every path, kept next to the data: a person is expected at a meeting of org O while they
-- hold there the role its attendees were chosen by (member; committee or secretary for a 支委会) and are a
-- probationary or full member. Checked at commit (deferred), so replacing roles in two statements is not leaving.
-- Those who checked in or were marked by hand stay: their record is history.
CREATE FUNCTION leave_meetings_no_longer_owed(who uuid) RETURNS void LANGUAGE sql AS $$
  WITH target AS (
    SELECT a.event_id FROM event_attendees a JOIN events e ON e.id = a.event_id
    WHERE a.person_id = who AND e.ends_at > now()
      AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.event_id = a.event_id AND c.person_id = who)
      AND NOT EXISTS (SELECT 1 FROM attendance_marks m WHERE m.event_id = a.event_id AND m.person_id = who)
      AND NOT EXISTS (
        SELECT 1 FROM persons p JOIN org_roles r ON r.person_id = p.id
        WHERE p.id = who AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL AND r.org_id = e.org_id
          AND r.role = ANY (CASE WHEN e.type = 'committee_meeting' THEN ARRAY['committee', 'secretary']
                                 ELSE ARRAY['member'] END))),
  moot AS (
    DELETE FROM leaves l USING target t WHERE l.event_id = t.event_id AND l.person_id = who),
  gone AS (
    DELETE FROM event_attendees a USING target t WHERE a.event_id = t.event_id AND a.person_id = who
    RETURNING a.event_id)
  UPDATE events SET expected = expected - 1 WHERE id IN (SELECT event_id FROM gone);
$$;

CREATE FUNCTION roles_left() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM leave_meetings_no_longer_owed(OLD.person_id);
  RETURN NULL;
END $$;

CREATE FUNCTION person_left() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM leave_meetings_no_longer_owed(NEW.id);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER org_roles_leaving AFTER DELETE ON org_roles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION roles_left();

CREATE CONSTRAINT TRIGGER persons_leaving AFTER UPDATE OF org_id, stage, anonymised_at ON persons
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.stage IS DISTINCT FROM NEW.stage
        OR OLD.anonymised_at IS DISTINCT FROM NEW.anonymised_at)
  EXECUTE FUNCTION person_left();

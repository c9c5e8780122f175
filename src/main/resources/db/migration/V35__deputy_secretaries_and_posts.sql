-- Leaders on any org (api-outline round 3, "Leaders above the branch"): a 副书记 (deputy_secretary) beside the
-- 书记 and the 支委/委员 (committee), and the post a committee member or deputy holds (组织委员, 宣传委员, 纪检委员…).
-- At a college or the school these are its 班子, chosen from party members of its subtree (not its own roster).
ALTER TABLE org_roles DROP CONSTRAINT IF EXISTS org_roles_role_check;
ALTER TABLE org_roles ADD CONSTRAINT org_roles_role_check
  CHECK (role IN ('member', 'committee', 'deputy_secretary', 'secretary', 'admin'));
ALTER TABLE org_roles ADD COLUMN post text
  CHECK (post IS NULL OR (role IN ('committee', 'deputy_secretary') AND char_length(post) BETWEEN 1 AND 20));

-- Who leads an org (its 班子 at a college or the school, its 支委会 at a branch): one definition for every query
-- that asks (56 学时, who sits a 支委会, whose photos a leader may see). Inlined by the planner.
CREATE FUNCTION leader_role(role text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN role IN ('committee', 'deputy_secretary', 'secretary');

-- V27's rule, with the deputies among those expected at a 支委会.
CREATE OR REPLACE FUNCTION leave_meetings_no_longer_owed(who uuid) RETURNS void LANGUAGE sql AS $$
  WITH target AS (
    SELECT a.event_id FROM event_attendees a JOIN events e ON e.id = a.event_id
    WHERE a.person_id = who AND e.ends_at > now()
      AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.event_id = a.event_id AND c.person_id = who)
      AND NOT EXISTS (SELECT 1 FROM attendance_marks m WHERE m.event_id = a.event_id AND m.person_id = who)
      AND NOT EXISTS (
        SELECT 1 FROM persons p JOIN org_roles r ON r.person_id = p.id
        WHERE p.id = who AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL AND r.org_id = e.org_id
          AND CASE WHEN e.type = 'committee_meeting' THEN leader_role(r.role) ELSE r.role = 'member' END)),
  moot AS (
    DELETE FROM leaves l USING target t WHERE l.event_id = t.event_id AND l.person_id = who),
  gone AS (
    DELETE FROM event_attendees a USING target t WHERE a.event_id = t.event_id AND a.person_id = who
    RETURNING a.event_id)
  UPDATE events SET expected = expected - 1 WHERE id IN (SELECT event_id FROM gone);
$$;

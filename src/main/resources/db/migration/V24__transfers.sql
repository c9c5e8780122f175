-- 组织关系转接: a member moves out of their branch, to another org of the school (received and approved there)
-- or outside it (approved by the org above the sending branch, with an introduction letter). Their history
-- (check-ins, points, hours) stays with the events and ledgers where it was earned.
CREATE TABLE transfers (
  id                uuid PRIMARY KEY,
  person_id         uuid NOT NULL REFERENCES persons (id),
  from_org_id       uuid NOT NULL REFERENCES orgs (id),
  to_org_id         uuid REFERENCES orgs (id),
  external_org      text,
  external_address  text,
  reason            text NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  requested_by      uuid NOT NULL REFERENCES persons (id),
  requested_at      timestamptz NOT NULL DEFAULT now(),
  decided_by        uuid REFERENCES persons (id),
  decided_at        timestamptz,
  decision_note     text,
  CHECK ((to_org_id IS NULL) <> (external_org IS NULL))
);
-- one open transfer per person at a time
CREATE UNIQUE INDEX transfers_one_pending ON transfers (person_id) WHERE status = 'pending';
CREATE INDEX transfers_from ON transfers (from_org_id, requested_at DESC);
CREATE INDEX transfers_to ON transfers (to_org_id, requested_at DESC);

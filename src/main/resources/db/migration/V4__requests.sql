-- "我为群众办实事" requests and their timelines.

CREATE TABLE requests (
  id            uuid PRIMARY KEY,
  requester_id  uuid NOT NULL REFERENCES persons (id),
  anonymous     boolean NOT NULL DEFAULT false,
  category      text NOT NULL,
  title         text NOT NULL,
  content       text NOT NULL,
  photo_urls    text[] NOT NULL DEFAULT '{}',
  org_id        uuid NOT NULL REFERENCES orgs (id),
  assignee_id   uuid REFERENCES persons (id),
  status        text NOT NULL CHECK (status IN ('held', 'submitted', 'accepted', 'assigned', 'in_progress',
                                                'resolved', 'closed', 'rejected')),
  rating        integer CHECK (rating BETWEEN 1 AND 5),
  respond_by    timestamptz NOT NULL,
  resolve_by    timestamptz NOT NULL,
  accepted_at   timestamptz,
  resolved_at   timestamptz,
  closed_at     timestamptz,
  overdue       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL
);
CREATE INDEX requests_requester ON requests (requester_id, created_at DESC);
CREATE INDEX requests_org ON requests (org_id, created_at DESC);
CREATE INDEX requests_assignee ON requests (assignee_id, created_at DESC);
CREATE INDEX requests_open_deadlines ON requests (resolve_by) WHERE NOT overdue AND status NOT IN ('resolved', 'closed', 'rejected');
CREATE INDEX requests_board ON requests (resolved_at DESC) WHERE status IN ('resolved', 'closed');

CREATE TABLE request_timeline (
  id          bigserial PRIMARY KEY,
  request_id  uuid NOT NULL REFERENCES requests (id),
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    uuid REFERENCES persons (id),
  by_requester boolean NOT NULL DEFAULT false,
  note        text,
  at          timestamptz NOT NULL
);
CREATE INDEX request_timeline_request ON request_timeline (request_id, id);
CREATE TRIGGER request_timeline_append_only BEFORE UPDATE OR DELETE ON request_timeline
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

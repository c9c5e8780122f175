-- The org tree, the people in it, their roles, login sessions and the audit log.

CREATE TABLE orgs (
  id         uuid PRIMARY KEY,
  parent_id  uuid REFERENCES orgs (id),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind       text NOT NULL CHECK (kind IN ('school', 'college', 'branch')),
  -- ids from the root down to this org itself; "is X inside Y's subtree" is "Y = ANY(X.ancestry)"
  ancestry   uuid[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (parent_id, name)
);
CREATE UNIQUE INDEX orgs_single_root ON orgs ((parent_id IS NULL)) WHERE parent_id IS NULL;
CREATE INDEX orgs_ancestry ON orgs USING gin (ancestry);
CREATE INDEX orgs_parent ON orgs (parent_id);

-- One row per human. A WeChat login creates a row with an openid (a resident, 群众); a roster import creates
-- one with a student/staff number; binding merges the roster row into the login row (see BindService).
CREATE TABLE persons (
  id              uuid PRIMARY KEY,
  openid          text UNIQUE,
  org_id          uuid REFERENCES orgs (id),
  number          text UNIQUE,
  name            text,
  phone           text,
  stage           text CHECK (stage IN ('applicant', 'activist', 'candidate', 'probationary', 'full')),
  activation_hash text,
  bound_at        timestamptz,
  anonymised_at   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_org ON persons (org_id, number);

CREATE TABLE org_roles (
  person_id  uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  org_id     uuid NOT NULL REFERENCES orgs (id),
  role       text NOT NULL CHECK (role IN ('member', 'committee', 'secretary', 'admin')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, org_id, role)
);
CREATE INDEX org_roles_org ON org_roles (org_id, role);

CREATE TABLE auth_sessions (
  id             uuid PRIMARY KEY,
  person_id      uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  client         text NOT NULL DEFAULT 'miniprogram',
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text
);
CREATE INDEX auth_sessions_person ON auth_sessions (person_id);

-- Refresh tokens are random; only their SHA-256 is kept. A used one presented again revokes its session.
CREATE TABLE refresh_tokens (
  hash       text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES orgs (id),
  actor_id   uuid REFERENCES persons (id),
  action     text NOT NULL,
  target     text,
  detail     jsonb NOT NULL DEFAULT '{}',
  ip         text,
  request_id text,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_org ON audit_log (org_id, id DESC);

-- Append-only: the audit log can be added to, never changed.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

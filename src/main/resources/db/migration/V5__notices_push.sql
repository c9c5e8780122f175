-- Notices, read receipts, subscribe-message credits and the push outbox.

CREATE TABLE notices (
  id         uuid PRIMARY KEY,
  author_id  uuid NOT NULL REFERENCES persons (id),
  title      text NOT NULL,
  body       text NOT NULL,
  must_read  boolean NOT NULL DEFAULT false,
  push       boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX notices_created ON notices (created_at DESC, id DESC);

-- Targets are disjoint subtrees (a target inside another target is dropped at publish), so a person is
-- reached through at most one target of a notice.
CREATE TABLE notice_targets (
  notice_id uuid NOT NULL REFERENCES notices (id),
  org_id    uuid NOT NULL REFERENCES orgs (id),
  PRIMARY KEY (notice_id, org_id)
);
CREATE INDEX notice_targets_org ON notice_targets (org_id, notice_id);

CREATE TABLE notice_reads (
  notice_id uuid NOT NULL REFERENCES notices (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  read_at   timestamptz NOT NULL,
  PRIMARY KEY (notice_id, person_id)
);
CREATE INDEX notice_reads_person ON notice_reads (person_id);

-- Each acceptance in wx.requestSubscribeMessage is one credit for one message of that template.
CREATE TABLE subscription_credits (
  person_id   uuid NOT NULL REFERENCES persons (id),
  template_id text NOT NULL,
  credits     integer NOT NULL CHECK (credits >= 0),
  PRIMARY KEY (person_id, template_id)
);

-- Written in the same transaction as what it announces; drained by workers that claim rows with
-- FOR UPDATE SKIP LOCKED and a lease, so several instances never send the same row twice.
-- kind 'fanout' expands a notice (or a reminder) into one 'message' row per recipient, off the request path.
CREATE TABLE push_outbox (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('fanout', 'remind', 'message')),
  notice_id       uuid NOT NULL REFERENCES notices (id),
  person_id       uuid REFERENCES persons (id),
  source_id       bigint REFERENCES push_outbox (id),
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'no_credit', 'undeliverable', 'failed', 'done')),
  attempts        integer NOT NULL DEFAULT 0,
  credit_taken    boolean NOT NULL DEFAULT false,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX push_outbox_due ON push_outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE UNIQUE INDEX push_outbox_one_message ON push_outbox (source_id, person_id) WHERE kind = 'message';
CREATE INDEX push_outbox_notice ON push_outbox (notice_id, person_id);

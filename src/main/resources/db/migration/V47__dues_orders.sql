-- 党费 paid on the phone with WeChat Pay (api-outline round 3): an order for exactly the months a member owes,
-- paid through WeChat Pay JSAPI, recorded as a dues payment once WeChat Pay says it is paid (its notification, or
-- a query when the phone asks). One open order per person and month (dues_order_months, a row per month while the
-- order is pending); the payment itself is the ordinary dues payment (dues_paid_months keeps a month paid once,
-- whoever records it).
CREATE TABLE dues_orders (
  id             uuid PRIMARY KEY,
  out_trade_no   text NOT NULL UNIQUE CHECK (out_trade_no ~ '^[0-9A-Za-z_-]{6,32}$'),
  person_id      uuid NOT NULL REFERENCES persons (id),
  org_id         uuid NOT NULL REFERENCES orgs (id),
  months         text[] NOT NULL CHECK (cardinality(months) BETWEEN 1 AND 24),
  amount_fen     integer NOT NULL CHECK (amount_fen > 0),
  openid         text NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'closed', 'refunded')),
  prepay_id      text,
  transaction_id text UNIQUE,
  payment_id     uuid REFERENCES dues_payments (id),
  refund_no      text UNIQUE,
  refund_sent_at timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  paid_at        timestamptz,
  closed_at      timestamptz,
  CHECK ((status = 'paid') = (payment_id IS NOT NULL)),
  CHECK (status NOT IN ('paid', 'refunded') OR transaction_id IS NOT NULL)
);
CREATE INDEX dues_orders_person ON dues_orders (person_id, created_at DESC);
CREATE INDEX dues_orders_pending ON dues_orders (created_at) WHERE status = 'pending';

CREATE TABLE dues_order_months (
  person_id uuid NOT NULL REFERENCES persons (id),
  month     text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  order_id  uuid NOT NULL REFERENCES dues_orders (id),
  PRIMARY KEY (person_id, month)
);
CREATE INDEX dues_order_months_order ON dues_order_months (order_id);

-- How a payment came: typed in at the desk (cash, a transfer) or paid on the phone through WeChat Pay.
ALTER TABLE dues_payments ADD COLUMN channel text NOT NULL DEFAULT 'desk' CHECK (channel IN ('desk', 'wechat_pay'));

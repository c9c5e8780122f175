-- A payment's span kept on the payment: how many months it paid and the last of them. The ledger spreads a
-- payment's amount over its months (whole fen, the remainder on the last month); it used to count each
-- payment's months again for every person of every ledger read: 3 s of a school's ledger at 40,000 members.
ALTER TABLE dues_payments ADD COLUMN month_count integer, ADD COLUMN last_month text;
UPDATE dues_payments d SET month_count = s.n, last_month = s.last
FROM (SELECT payment_id, count(*)::int AS n, max(month) AS last FROM dues_paid_months GROUP BY payment_id) s
WHERE s.payment_id = d.id;
-- A payment without months is never counted (nothing joins it); it gets a span of its own month to be whole.
UPDATE dues_payments SET month_count = 1, last_month = to_char(recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
WHERE month_count IS NULL;
ALTER TABLE dues_payments ALTER COLUMN month_count SET NOT NULL, ALTER COLUMN last_month SET NOT NULL,
  ADD CONSTRAINT dues_payments_month_count_check CHECK (month_count >= 1);

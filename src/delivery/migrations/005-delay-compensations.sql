-- Compensation for delayed orders (issue 15.7): one row per order, written in the same
-- transaction that issues the voucher, refund owed or loyalty points through the shared
-- compensation module, so a second call for the same incident issues nothing twice.
CREATE TABLE delivery_compensations (
  order_id          bigint PRIMARY KEY REFERENCES orders ON DELETE CASCADE,
  incident_id       bigint NOT NULL REFERENCES delivery_incidents,
  customer_id       bigint REFERENCES customers ON DELETE SET NULL,
  option            text NOT NULL CHECK (option IN ('shipping_refund', 'coupon', 'partial_refund', 'gift', 'loyalty_points')),
  amount_minor      bigint NOT NULL CHECK (amount_minor > 0),
  currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  points            integer NOT NULL DEFAULT 0,
  days_late         integer NOT NULL,
  rule_id           text,
  decision_source   text NOT NULL,
  budget_key        text NOT NULL,
  voucher_id        bigint REFERENCES vouchers,
  refund_id         bigint REFERENCES compensation_refunds,
  loyalty_points_id bigint REFERENCES loyalty_points,
  issued_by         text NOT NULL,
  issued_at         timestamptz NOT NULL
);
CREATE INDEX delivery_compensations_incident_idx ON delivery_compensations (incident_id);

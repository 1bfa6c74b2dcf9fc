-- Compensation (R8): the offer the policy gave each affected consumer, and vouchers.

-- One row per consumer and currency of a recall: the decision, with the facts it was made
-- from and the rule that made it, so every offer can be explained to the customer.
CREATE TABLE recall_offers (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id    bigint NOT NULL REFERENCES recalls,
  customer_id  bigint NOT NULL REFERENCES customers,
  currency     text NOT NULL,
  offer_type   text NOT NULL CHECK (offer_type IN ('refund', 'voucher')),
  value_minor  bigint NOT NULL CHECK (value_minor >= 0),
  rule_id      text,
  facts        jsonb NOT NULL,
  decided_at   timestamptz NOT NULL,
  voucher_id   bigint,
  UNIQUE (recall_id, customer_id, currency)
);

-- Unguessable codes (80 random bits) with value, currency and expiry. Redemption is
-- idempotent per key, so a till that retries after a timeout never redeems twice.
CREATE TABLE vouchers (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                  text NOT NULL UNIQUE,
  recall_id             bigint REFERENCES recalls,
  customer_id           bigint REFERENCES customers,
  value_minor           bigint NOT NULL CHECK (value_minor > 0),
  currency              text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  issued_at             timestamptz NOT NULL,
  expires_at            timestamptz NOT NULL,
  delivered_at          timestamptz,          -- the message carrying it was sent
  viewed_at             timestamptz,          -- first opened by the customer (activation tracking)
  redeemed_at           timestamptz,
  redeemed_location_id  bigint REFERENCES locations,
  redemption_key        text UNIQUE,          -- the shop's Idempotency-Key
  redemption_reference  text,                 -- the shop's receipt or order number
  cancelled_at          timestamptz,
  CHECK (expires_at > issued_at)
);
CREATE INDEX vouchers_recall_idx ON vouchers (recall_id);
CREATE INDEX vouchers_customer_idx ON vouchers (customer_id);
ALTER TABLE recall_offers ADD FOREIGN KEY (voucher_id) REFERENCES vouchers;

-- Claims (R6, R8): a consumer asks for a refund or a voucher on the recall page. The claim
-- rules approve it at once or leave it to a person; approved refunds leave in payout batches.

CREATE TABLE recall_payout_batches (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id   bigint NOT NULL REFERENCES recalls,
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL,
  claims      integer NOT NULL,
  totals      jsonb NOT NULL          -- [{currency, total_minor}]
);

CREATE TABLE recall_claims (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id        bigint NOT NULL REFERENCES recalls,
  reference        text NOT NULL UNIQUE,
  -- One claim per consumer and recall: their e-mail (lower case) or phone, whichever they gave.
  contact_key      text NOT NULL,
  customer_id      bigint REFERENCES customers,
  name             text NOT NULL,
  email            text,
  phone            text,
  language         text NOT NULL,
  gtin             text NOT NULL,
  lot              text,
  serial           text,
  quantity         integer NOT NULL CHECK (quantity > 0),
  requested        text NOT NULL CHECK (requested IN ('refund', 'voucher')),
  value_minor      bigint NOT NULL CHECK (value_minor >= 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  account_holder   text,
  iban             text,
  bic              text,
  status           text NOT NULL CHECK (status IN ('approved', 'review', 'rejected')),
  decision_rule    text,
  decision_reason  text,
  decided_by       text,
  decided_at       timestamptz,
  facts            jsonb NOT NULL,
  -- The offer the policy already made this customer at activation, when the claim collects it.
  offer_id         bigint REFERENCES recall_offers,
  voucher_id       bigint REFERENCES vouchers,
  payout_batch_id  bigint REFERENCES recall_payout_batches,
  instance_id      bigint,
  submitted_at     timestamptz NOT NULL,
  UNIQUE (recall_id, contact_key),
  CHECK (requested <> 'refund' OR (iban IS NOT NULL AND account_holder IS NOT NULL))
);
CREATE INDEX recall_claims_recall_idx ON recall_claims (recall_id, status);
-- The payout export picks approved refunds not yet in a batch.
CREATE INDEX recall_claims_unpaid_idx ON recall_claims (recall_id) WHERE requested = 'refund' AND status = 'approved' AND payout_batch_id IS NULL;

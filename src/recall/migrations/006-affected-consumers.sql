-- The identified consumers a recall hit, taken once when its process starts (R7, R8): the
-- compensation policy's facts per consumer and currency, and what their notice tells them.
-- The offer and notice steps read this instead of each tracing ten million purchase lines
-- again, so both work from the same population and a line imported between them cannot
-- give someone a notice without an offer.
CREATE TABLE recall_affected_consumers (
  recall_id      bigint NOT NULL REFERENCES recalls,
  customer_id    bigint NOT NULL REFERENCES customers,
  currency       text NOT NULL,
  tier           text NOT NULL,
  customer_since date,
  units          bigint NOT NULL,
  amount_minor   bigint NOT NULL,
  online         boolean NOT NULL,
  -- Per customer over all currencies: the recalled products they bought, their latest
  -- purchase of them and where (null: online).
  products       text NOT NULL,
  last_at        timestamptz NOT NULL,
  last_store     text,
  PRIMARY KEY (recall_id, customer_id, currency)
);

-- When the population above was taken; null until the process's first step.
ALTER TABLE recalls ADD COLUMN consumers_taken_at timestamptz;

-- One-time codes a customer asks for on the recall page to prove they are the customer we
-- wrote to (issue 12): e-mailed to the address on file, kept only as a keyed hash, short-lived,
-- a few wrong tries each. Confirming one gives the page the same proof the notice's link carries.
CREATE TABLE recall_claim_codes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id    bigint NOT NULL REFERENCES recalls,
  customer_id  bigint NOT NULL REFERENCES customers,
  code_hash    text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  used_at      timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX recall_claim_codes_customer_idx ON recall_claim_codes (recall_id, customer_id, created_at);

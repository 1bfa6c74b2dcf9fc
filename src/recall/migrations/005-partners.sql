-- Retail chains and distributors a recall must tell (R5): each gets only its own stores and
-- quantities, by a signed webhook to the endpoint registered in communications.
CREATE TABLE recall_partners (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- A chain name as on locations.chain, or a distributor's location external id.
  partner              text NOT NULL UNIQUE,
  contact_email        text,
  webhook_endpoint_id  bigint,             -- comms_webhook_endpoints.id (checked when sending)
  updated_at           timestamptz NOT NULL
);

-- The personal offer after a recall closes (R8, R11): one voucher per affected consumer,
-- recorded so a retried step never issues a second.
CREATE TABLE recall_comeback_offers (
  recall_id    bigint NOT NULL REFERENCES recalls,
  customer_id  bigint NOT NULL REFERENCES customers,
  voucher_id   bigint NOT NULL REFERENCES vouchers,
  PRIMARY KEY (recall_id, customer_id)
);

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

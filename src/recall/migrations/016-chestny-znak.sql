-- Issue 16.9 (seed 000): Chestny ZNAK (GIS MT, True API). Recalled marked units are taken out of
-- circulation (an LK_RECEIPT withdrawal document) and their code status is checked. Configured
-- once for the company and off by default. The bearer token is write-only: stored to call the
-- API, never returned by the API, never written to a log.
CREATE TABLE IF NOT EXISTS marking_settings (
  id                 integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  enabled            boolean NOT NULL DEFAULT false,
  base_url           text NOT NULL DEFAULT 'https://markirovka.sandbox.crptech.ru' CHECK (base_url ~ '^https?://'),
  product_group      text NOT NULL DEFAULT 'milk',
  inn                text CHECK (inn ~ '^[0-9]{10}([0-9]{2})?$'),
  token              text,
  withdrawal_action  text NOT NULL DEFAULT 'OTHER',
  updated_at         timestamptz
);

-- One row per marking code (CIS) of a recall: what the system said before and after, and the outcome.
CREATE TABLE IF NOT EXISTS recall_marking_codes (
  recall_id      bigint NOT NULL REFERENCES recalls ON DELETE CASCADE,
  cis            text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('pending', 'withdrawn', 'failed')),
  status_before  text,
  status         text,
  document_id    text,
  error          text,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (recall_id, cis)
);

-- Communications (P5): templates, the outbox of messages, signed webhook endpoints and
-- the embedded demo mailbox.

-- What a template is for and the variables its texts may use. Saving a template that
-- uses any other variable is refused, so a typo never reaches a customer as "{{nmae}}".
CREATE TABLE comms_template_keys (
  key         text PRIMARY KEY CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
  description text NOT NULL,
  -- name → { "description": …, "sample": … }; the samples feed the preview
  variables   jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comms_templates (
  key           text NOT NULL REFERENCES comms_template_keys ON DELETE CASCADE,
  language      text NOT NULL CHECK (language IN ('en', 'ru', 'uk', 'sv')),
  email_subject text,
  email_html    text,
  email_text    text,
  sms_text      text,
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text,
  PRIMARY KEY (key, language)
);

-- Receivers of outgoing webhooks (retail chains, distributors, integrations). The secret
-- signs every delivery (HMAC-SHA256 over timestamp and body); it is never returned by the API.
CREATE TABLE comms_webhook_endpoints (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  url        text NOT NULL CHECK (url ~ '^https?://'),
  secret     text NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox. A row is written in the same transaction as the decision that causes it
-- and knows why it exists (reason, campaign or process step, the resource it belongs to).
-- Delivery workers claim rows; the row, not the job, is the truth about a message.
CREATE TABLE comms_messages (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- One per (recipient, campaign or step, channel): a second send cannot even be queued.
  idempotency_key  text NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  customer_id      bigint REFERENCES customers ON DELETE SET NULL,
  endpoint_id      bigint REFERENCES comms_webhook_endpoints,
  template_key     text,
  variables        jsonb NOT NULL DEFAULT '{}',   -- for a webhook: the JSON payload
  event            text,                          -- for a webhook: the event type
  campaign         text NOT NULL,
  reason           text NOT NULL,
  resource_type    text,
  resource_id      text,
  -- A safety notice (e.g. a class I recall) passes quiet hours and caps, never an opt-out.
  safety           boolean NOT NULL DEFAULT false,
  priority         integer NOT NULL DEFAULT 0,
  status           text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'failed', 'bounced', 'suppressed')),
  status_reason    text,
  attempts         integer NOT NULL DEFAULT 0,
  -- Attempts whose outcome was unknown because the worker died between handing the
  -- message over and recording the answer (see docs/decisions, the outbox decision).
  interrupted_attempts integer NOT NULL DEFAULT 0,
  attempt_id       uuid,
  lease_until      timestamptz,
  next_attempt_at  timestamptz NOT NULL,
  recipient        text,
  language         text,
  message_id       text,              -- RFC 5322 Message-ID, the same on every attempt
  provider_id      text,              -- the SMS gateway's id, for delivery reports
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  delivered_at     timestamptz,
  opened_at        timestamptz,
  clicked_at       timestamptz,
  failed_at        timestamptz,
  CHECK (channel = 'webhook' OR customer_id IS NOT NULL OR status <> 'queued'),
  CHECK (channel <> 'webhook' OR endpoint_id IS NOT NULL)
);
CREATE UNIQUE INDEX comms_messages_idempotency_idx ON comms_messages (idempotency_key);
CREATE INDEX comms_messages_due_idx ON comms_messages (channel, priority DESC, next_attempt_at) WHERE status = 'queued';
CREATE INDEX comms_messages_sending_idx ON comms_messages (lease_until) WHERE status = 'sending';
CREATE INDEX comms_messages_campaign_idx ON comms_messages (campaign, status);
CREATE INDEX comms_messages_customer_sent_idx ON comms_messages (customer_id, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX comms_messages_dead_idx ON comms_messages (failed_at DESC) WHERE status IN ('failed', 'bounced');
CREATE UNIQUE INDEX comms_messages_provider_idx ON comms_messages (channel, provider_id) WHERE provider_id IS NOT NULL;

-- Time zone names, copied once: checking a customer's zone against pg_timezone_names on
-- every batch would read the zone files each time, and an unknown zone must fall back to
-- UTC instead of failing the whole batch.
CREATE TABLE comms_time_zones (name text PRIMARY KEY);
INSERT INTO comms_time_zones SELECT DISTINCT name FROM pg_timezone_names;

-- The embedded demo mailbox: what the loopback SMTP server received when SMTP_URL is not
-- set. One row per Message-ID, so a message handed over twice is kept once and counted.
CREATE TABLE comms_mailbox (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id    text NOT NULL UNIQUE,
  envelope_from text,
  envelope_to   text[] NOT NULL,
  subject       text,
  raw           text NOT NULL,
  deliveries    integer NOT NULL DEFAULT 1,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comms_mailbox_received_idx ON comms_mailbox (received_at DESC);

-- Built-in template keys other modules send with.
INSERT INTO comms_template_keys (key, description, variables) VALUES
  ('recall.notice', 'A product recall notice to a consumer who bought an affected lot', '{
     "product_name": {"description": "Product name", "sample": "Oat drink 1 l"},
     "lot_code": {"description": "Lot code", "sample": "L2401"},
     "purchase_date": {"description": "When they bought it", "sample": "2026-01-10"},
     "store_name": {"description": "Where they bought it", "sample": "Central Store"},
     "cause": {"description": "Why the product is recalled", "sample": "possible presence of foreign bodies"},
     "instructions": {"description": "What to do with the product", "sample": "Do not consume it; return it to any store."},
     "offer": {"description": "The compensation offered", "sample": "a full refund and a voucher of 10 EUR"},
     "recall_url": {"description": "The public recall page", "sample": "https://example.com/recalls/42"}
   }'),
  ('delay.update', 'A status update to a customer whose order is delayed', '{
     "order_number": {"description": "The order", "sample": "A-10042"},
     "new_eta": {"description": "New expected delivery date", "sample": "2026-01-20"},
     "tracking_url": {"description": "The order tracker", "sample": "https://example.com/track/A-10042"}
   }'),
  ('generic.notice', 'A free-text notice', '{
     "headline": {"description": "Headline", "sample": "An update from us"},
     "body": {"description": "The message", "sample": "We wanted to let you know."}
   }');

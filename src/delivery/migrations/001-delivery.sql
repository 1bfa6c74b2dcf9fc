-- Delivery delays (issue 15): carrier events in, delays detected, incidents grouped.
-- The data hub's shipments get what a delay is measured against; the events, their
-- sources, the rules, the delays and the incidents are this module's own tables.

-- What a shipment carries for delay detection. `estimated_delivery_on` (data hub) stays the
-- current estimate; the first estimate a carrier gave is kept apart so a moved estimate shows.
ALTER TABLE shipments
  ADD COLUMN carrier_code text GENERATED ALWAYS AS (lower(regexp_replace(carrier, '[^A-Za-z0-9]', '', 'g'))) STORED,
  ADD COLUMN original_estimated_delivery_on date,
  ADD COLUMN delivery_status text CHECK (delivery_status IN ('pre_transit', 'in_transit', 'out_for_delivery', 'available_for_pickup', 'delivered', 'failed_attempt', 'exception', 'return_to_sender', 'cancelled', 'unknown')),
  ADD COLUMN delivery_sub_status text,
  ADD COLUMN first_scan_at timestamptz,
  ADD COLUMN last_scan_at timestamptz,
  ADD COLUMN service text,
  ADD COLUMN warehouse text,
  ADD COLUMN destination_country text CHECK (destination_country ~ '^[A-Z]{2}$'),
  ADD COLUMN destination_region text,
  ADD COLUMN integration_release text;
-- A carrier recycles tracking codes: the same (carrier, code) may name several shipments,
-- told apart by when each was created or handed over (docs/delivery/carrier-events.md).
CREATE INDEX shipments_tracking_idx ON shipments (carrier_code, tracking_number, created_at) WHERE tracking_number IS NOT NULL;

-- Where carrier events come from: one row per webhook source, each with its own secret.
-- The secret is needed in clear to compute an HMAC (EasyPost, AfterShip) or to compare a
-- token (Shippo); it is never returned by the API nor written to a log.
CREATE TABLE delivery_event_sources (
  name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  kind        text NOT NULL CHECK (kind IN ('easypost', 'shippo', 'aftership')),
  secret      text NOT NULL CHECK (length(secret) >= 16),
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  updated_by  text NOT NULL
);

-- Every carrier checkpoint once per shipment. dedup_key hashes what makes a checkpoint the
-- same one when a carrier (or Shippo, which is not idempotent) sends it again.
CREATE TABLE delivery_events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_id     bigint NOT NULL REFERENCES shipments ON DELETE CASCADE,
  source          text NOT NULL,            -- a source's name, 'import', 'epcis'
  source_kind     text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  status          text NOT NULL,
  sub_status      text,
  carrier_status  text NOT NULL,            -- the carrier's own words, as sent
  carrier_sub_status text,
  location        text,
  message         text,
  dedup_key       text NOT NULL,
  received_at     timestamptz NOT NULL,
  UNIQUE (shipment_id, dedup_key)
);
CREATE INDEX delivery_events_shipment_idx ON delivery_events (shipment_id, occurred_at);

-- Events whose tracking code matched no shipment: kept for review, never dropped.
CREATE TABLE delivery_unmatched_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source        text NOT NULL,
  source_kind   text NOT NULL,
  carrier       text NOT NULL,
  carrier_code  text NOT NULL,
  tracking_code text NOT NULL,
  occurred_at   timestamptz NOT NULL,
  reason        text NOT NULL,            -- unknown_tracking_code, before_every_shipment
  update        jsonb NOT NULL,           -- the normalised update, replayable
  dedup_key     text NOT NULL UNIQUE,
  received_at   timestamptz NOT NULL,
  resolved_at   timestamptz,
  resolved_by   text,
  resolution    text
);
CREATE INDEX delivery_unmatched_open_idx ON delivery_unmatched_events (carrier_code, tracking_code) WHERE resolved_at IS NULL;

-- The declared detection rules (docs/delivery/detection.md), editable through the API.
CREATE TABLE delivery_detection_rules (
  rule            text PRIMARY KEY CHECK (rule IN ('past_promise', 'estimate_beyond_promise', 'no_first_scan', 'no_scan', 'exception_status')),
  enabled         boolean NOT NULL,
  threshold_hours integer CHECK (threshold_hours BETWEEN 1 AND 2400),
  statuses        text[],
  cause_tag       text NOT NULL CHECK (cause_tag ~ '^[a-z][a-z0-9_]{0,39}$'),
  description     text NOT NULL,
  updated_at      timestamptz NOT NULL,
  updated_by      text NOT NULL
);

-- The incident tripwire: a carrier's late share in the last window against its usual share.
CREATE TABLE delivery_incident_settings (
  id                   boolean PRIMARY KEY DEFAULT true CHECK (id),
  window_hours         integer NOT NULL CHECK (window_hours BETWEEN 1 AND 720),
  baseline_days        integer NOT NULL CHECK (baseline_days BETWEEN 1 AND 365),
  min_shipments        integer NOT NULL CHECK (min_shipments >= 1),
  ratio                numeric NOT NULL CHECK (ratio >= 1),
  min_late_share       numeric NOT NULL CHECK (min_late_share > 0 AND min_late_share <= 1),
  updated_at           timestamptz NOT NULL,
  updated_by           text NOT NULL
);

-- Working days per country, materialised from the business calendars (src/cases/calendar)
-- so that the sweep counts days late in one set-based statement.
CREATE TABLE delivery_calendar_days (
  country text NOT NULL,
  day     date NOT NULL,
  working boolean NOT NULL,
  PRIMARY KEY (country, day)
);

CREATE TABLE delivery_incidents (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference       text NOT NULL UNIQUE,
  title           text NOT NULL,
  cause_kind      text NOT NULL CHECK (cause_kind IN ('carrier', 'warehouse', 'region', 'integration_release')),
  cause_value     text NOT NULL,
  root_cause_tags text[] NOT NULL DEFAULT '{}',
  status          text NOT NULL CHECK (status IN ('open', 'resolved')),
  opened_by       text NOT NULL,            -- 'rate' (automatic) or the person
  trip            jsonb,                    -- the figures that tripped it
  process_instance_id bigint,
  opened_at       timestamptz NOT NULL,
  resolved_at     timestamptz,
  updated_at      timestamptz NOT NULL
);
-- One open incident per cause: late orders of the same cause join it.
CREATE UNIQUE INDEX delivery_incidents_open_cause_idx ON delivery_incidents (cause_kind, cause_value) WHERE status = 'open';

-- One delay record per late shipment, kept current by the sweep.
CREATE TABLE delivery_delays (
  shipment_id     bigint PRIMARY KEY REFERENCES shipments ON DELETE CASCADE,
  order_id        bigint REFERENCES orders ON DELETE CASCADE,
  rule            text NOT NULL,
  cause_tag       text NOT NULL,
  days_late       integer NOT NULL CHECK (days_late >= 0),
  calendar        text NOT NULL,            -- the country whose calendar counted, or 'weekdays' with the reason
  detected_at     timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  resolved_at     timestamptz,              -- delivered, or no rule holds any more
  priority        boolean NOT NULL DEFAULT true,
  incident_id     bigint REFERENCES delivery_incidents ON DELETE SET NULL
);
CREATE INDEX delivery_delays_open_idx ON delivery_delays (cause_tag) WHERE resolved_at IS NULL;
CREATE INDEX delivery_delays_incident_idx ON delivery_delays (incident_id);
CREATE INDEX delivery_delays_order_idx ON delivery_delays (order_id);

INSERT INTO delivery_detection_rules (rule, enabled, threshold_hours, statuses, cause_tag, description, updated_at, updated_by) VALUES
  ('past_promise', true, NULL, NULL, 'past_promise', 'The promised date has passed and the order is not delivered', now(), 'default'),
  ('estimate_beyond_promise', true, NULL, NULL, 'estimate_slipped', 'The carrier''s current estimate lies after the promised date', now(), 'default'),
  ('no_first_scan', true, 48, NULL, 'not_picked_up', 'No carrier scan this many working hours after hand-over', now(), 'default'),
  ('no_scan', true, 96, NULL, 'stalled', 'No carrier scan for this many working hours', now(), 'default'),
  ('exception_status', true, NULL, ARRAY['exception', 'failed_attempt', 'return_to_sender'], 'carrier_exception', 'The carrier reports one of these statuses', now(), 'default');

INSERT INTO delivery_incident_settings (window_hours, baseline_days, min_shipments, ratio, min_late_share, updated_at, updated_by)
VALUES (24, 28, 20, 2, 0.1, now(), 'default');

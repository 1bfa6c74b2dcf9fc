-- Personal delay notices (issue 15.4): what each customer was last told about their late
-- order, so an update goes out only when their status or estimate changed, at most once per
-- debounce interval, and never twice for the same change.
ALTER TABLE delivery_delays
  ADD COLUMN notices integer NOT NULL DEFAULT 0,
  ADD COLUMN notified_status text,
  ADD COLUMN notified_estimate date,
  ADD COLUMN notified_at timestamptz,
  ADD COLUMN notice_channel text CHECK (notice_channel IN ('email', 'sms', 'none'));
CREATE INDEX delivery_delays_notice_idx ON delivery_delays (notified_at) WHERE resolved_at IS NULL;

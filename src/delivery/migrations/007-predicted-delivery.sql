-- Predicted delivery (issue 15.9, decision 041): each open shipment's delivery day estimated
-- from the carrier's own history (per carrier, service and lane, falling back to carrier and
-- service, then carrier), with a range (10th to 90th percentile of transit business days).
CREATE TABLE delivery_predictions (
  shipment_id    bigint PRIMARY KEY REFERENCES shipments ON DELETE CASCADE,
  predicted_on   date NOT NULL,             -- the median transit time after hand-over
  earliest_on    date NOT NULL,             -- 10th percentile
  latest_on      date NOT NULL,             -- 90th percentile
  transit_days   integer NOT NULL,          -- median, in working days of the destination country
  basis          text NOT NULL CHECK (basis IN ('lane', 'service', 'carrier')),
  history        integer NOT NULL,          -- delivered shipments the estimate rests on
  computed_at    timestamptz NOT NULL
);

-- The day k working days after another: looked up by running count.
CREATE INDEX delivery_calendar_days_working_idx ON delivery_calendar_days (country, working_index) WHERE working;

-- Detection uses the estimate: a predicted day beyond the promise makes an order late.
ALTER TABLE delivery_detection_rules DROP CONSTRAINT delivery_detection_rules_rule_check;
ALTER TABLE delivery_detection_rules ADD CONSTRAINT delivery_detection_rules_rule_check
  CHECK (rule IN ('past_promise', 'estimate_beyond_promise', 'predicted_beyond_promise', 'no_first_scan', 'no_scan', 'exception_status'));
INSERT INTO delivery_detection_rules (rule, enabled, threshold_hours, statuses, cause_tag, description, updated_at, updated_by) VALUES
  ('predicted_beyond_promise', true, NULL, NULL, 'predicted_late', 'Rebound''s estimate from the carrier''s own history lies after the promised date', now(), 'default');

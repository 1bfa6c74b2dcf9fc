-- Issue 16.8 (R14): openFDA enforcement reports read from a file or the API's answer. Each
-- report is kept once (by its recall number); a report that matches one of the company's
-- products opens a draft recall and a review task — never an activation.
CREATE TABLE IF NOT EXISTS regulator_feed_reports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source         text NOT NULL CHECK (source IN ('openfda')),
  -- openFDA recall_number (F-1234-2012); a report without one is keyed by event id and a hash.
  report_key     text NOT NULL,
  product_type   text,
  classification text,
  report         jsonb NOT NULL,
  document       text NOT NULL,
  ingested_at    timestamptz NOT NULL,
  UNIQUE (source, report_key)
);

CREATE TABLE IF NOT EXISTS regulator_feed_matches (
  report_id     bigint NOT NULL REFERENCES regulator_feed_reports,
  product_id    bigint NOT NULL REFERENCES products,
  -- 0..1: 1 for a GTIN/UPC printed in the report, else brand and name evidence.
  score         numeric NOT NULL CHECK (score >= 0 AND score <= 1),
  reasons       text[] NOT NULL,
  recall_id     bigint REFERENCES recalls,        -- the draft opened for the report (one per report)
  review_instance_id bigint,                      -- the review process started for a person to decide
  PRIMARY KEY (report_id, product_id)
);

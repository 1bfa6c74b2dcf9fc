-- Units recovered (R3, R11): returns reported by stores, and the cost estimate at activation
-- that the dashboard holds the real cost against (R10).

CREATE TABLE recall_returns (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id    bigint NOT NULL REFERENCES recalls,
  location_id  bigint NOT NULL REFERENCES locations,
  lot_id       bigint REFERENCES lots,
  quantity     integer NOT NULL CHECK (quantity > 0),
  reported_at  timestamptz NOT NULL,
  reported_by  text NOT NULL,
  report_key   text NOT NULL UNIQUE      -- the store's Idempotency-Key: a retried report counts once
);
CREATE INDEX recall_returns_recall_idx ON recall_returns (recall_id);

ALTER TABLE recalls ADD COLUMN estimated_compensation jsonb;

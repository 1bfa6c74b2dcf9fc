-- Win-back (issue 14): every customer's purchase metrics, recomputed set-based from orders
-- and lines (src/winback/metrics/recompute.sql.ts), and the repeat-purchase model fitted on
-- them. The conventions are in docs/winback-metrics.md; the "gone quiet" rule in decision 026.

-- One row: what the recompute is configured with, edited in the console or the API.
CREATE TABLE winback_settings (
  id                  smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  period_days         integer NOT NULL DEFAULT 365 CHECK (period_days BETWEEN 7 AND 3660),
  abc_a_share         numeric NOT NULL DEFAULT 0.80 CHECK (abc_a_share > 0 AND abc_a_share < 1),
  abc_b_share         numeric NOT NULL DEFAULT 0.95 CHECK (abc_b_share > 0 AND abc_b_share <= 1),
  quiet_cycles        numeric NOT NULL DEFAULT 2 CHECK (quiet_cycles >= 1 AND quiet_cycles <= 20),
  quiet_p_alive       numeric NOT NULL DEFAULT 0.5 CHECK (quiet_p_alive > 0 AND quiet_p_alive < 1),
  horizon_days        integer NOT NULL DEFAULT 90 CHECK (horizon_days BETWEEN 1 AND 730),
  updated_at          timestamptz,
  updated_by          text,
  CHECK (abc_a_share < abc_b_share)
);
INSERT INTO winback_settings (id) VALUES (1);

-- Each recompute: when, as of which day, with which settings, and how the model fit went.
-- The latest row is what the customer metrics show.
CREATE TABLE winback_metric_runs (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  as_of              date NOT NULL,
  started_at         timestamptz NOT NULL,
  duration_ms        integer NOT NULL,
  trigger            text NOT NULL,             -- schedule, start, a user's e-mail
  settings           jsonb NOT NULL,
  customers          integer NOT NULL,
  model_status       text NOT NULL CHECK (model_status IN ('fitted', 'refused')),
  model_reason       text,                      -- why the model was refused
  model_detail       text,
  model_params       jsonb,                     -- r, alpha, a, b (time unit: days)
  model_log_likelihood double precision,
  shop_typical_interval_days numeric            -- median of the repeat buyers' own intervals
);

CREATE TABLE customer_metrics (
  customer_id              bigint PRIMARY KEY REFERENCES customers ON DELETE CASCADE,
  as_of                    date NOT NULL,
  first_purchase_on        date NOT NULL,
  last_purchase_on         date NOT NULL,
  purchase_days            integer NOT NULL,    -- frequency: days with a net purchase, ever
  tenure_days              integer NOT NULL,    -- as_of - first purchase
  recency_days             integer NOT NULL,    -- as_of - last purchase
  typical_interval_days    numeric,             -- median gap between purchase days; null for one-time buyers
  recency_ratio            numeric,             -- recency / typical interval; null for one-time buyers
  currency                 text NOT NULL,       -- of the latest purchase; money below is in it
  lifetime_revenue_minor   bigint NOT NULL,     -- net of returns, never below 0
  period_purchase_days     integer NOT NULL,
  period_sales_minor       bigint NOT NULL,
  period_returns_minor     bigint NOT NULL,
  period_revenue_minor     bigint NOT NULL,     -- monetary value: sales - returns in the period, never below 0
  other_currency_orders    integer NOT NULL,    -- orders in another currency, left out of the money
  r_score                  smallint CHECK (r_score BETWEEN 1 AND 5),
  f_score                  smallint CHECK (f_score BETWEEN 1 AND 5),
  m_score                  smallint CHECK (m_score BETWEEN 1 AND 5),
  abc_class                text CHECK (abc_class IN ('A', 'B', 'C')),
  p_alive                  double precision,    -- null when the model was refused
  expected_purchases       double precision,    -- in the next horizon_days
  expected_next_purchase_on date,
  churn_risk               text NOT NULL CHECK (churn_risk IN ('active', 'due', 'quiet', 'unknown')),
  quiet                    boolean NOT NULL,
  quiet_reason             text NOT NULL
);
CREATE INDEX customer_metrics_quiet_idx ON customer_metrics (abc_class) WHERE quiet;

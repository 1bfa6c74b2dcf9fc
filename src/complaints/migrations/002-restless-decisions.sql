-- Restless customers (C6): the score is a signal; what people decide about a customer is
-- recorded here, one row per step, never overwritten — an agent flags them with a reason,
-- a manager decides (keep serving, stop serving, or clear the flag) and is named as approver.
CREATE TABLE restless_decisions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers,
  decision     text NOT NULL CHECK (decision IN ('flagged', 'keep_serving', 'stop_serving', 'cleared')),
  reason       text NOT NULL CHECK (length(reason) BETWEEN 3 AND 2000),
  -- The restless score when the step was taken: what the person saw.
  score        integer NOT NULL,
  complaint_id bigint REFERENCES complaints,
  decided_by   text NOT NULL,
  decided_at   timestamptz NOT NULL
);
CREATE INDEX restless_decisions_customer_idx ON restless_decisions (customer_id, id DESC);

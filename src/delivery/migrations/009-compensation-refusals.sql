-- Issue 15.7: issuing an incident's compensation reads the budget management approved on its
-- task (delivery_budget_approvals). A refused issue (no approval for a currency, the preview's
-- cost beyond the approved limit, a budget short or closed) is kept here, counted and shown on
-- the incident, never reported as success. Staff labels only: no customer data.
CREATE TABLE delivery_compensation_refusals (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES delivery_incidents ON DELETE CASCADE,
  problem      text NOT NULL,          -- the problem type's code, e.g. delivery.compensation_not_approved
  detail       text NOT NULL,          -- what the person was told
  refused_by   text NOT NULL,
  refused_at   timestamptz NOT NULL
);
CREATE INDEX delivery_compensation_refusals_incident_idx ON delivery_compensation_refusals (incident_id, refused_at DESC);

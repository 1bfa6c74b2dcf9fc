-- Priority handling (issue 15.6): every case about a delayed order — a complaint, any case
-- linked to the order or its shipment — is raised to high priority once, so it lands in the
-- priority queue with a first-response deadline; this records which, why and from what.
CREATE TABLE delivery_priority_cases (
  case_id           bigint PRIMARY KEY,
  shipment_id       bigint NOT NULL REFERENCES shipments ON DELETE CASCADE,
  order_id          bigint,
  previous_priority text NOT NULL,
  flagged_at        timestamptz NOT NULL
);
CREATE INDEX delivery_priority_cases_shipment_idx ON delivery_priority_cases (shipment_id);

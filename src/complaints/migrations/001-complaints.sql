-- Complaints (C1–C6): each complaint is a case of type 'complaint' (owner, stage, SLA,
-- comments and timeline live there) run by processes/complaint.bpmn; this table keeps what
-- is particular to a complaint — who, about what, how it came in, and how it ended.
CREATE TABLE complaints (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL UNIQUE REFERENCES cases,
  customer_id  bigint REFERENCES customers,
  order_id     bigint REFERENCES orders,
  product_id   bigint REFERENCES products,
  channel      text NOT NULL CHECK (channel IN ('console', 'web', 'email', 'phone', 'store', 'api')),
  category     text NOT NULL CHECK (category IN ('product_quality', 'delivery', 'service', 'billing', 'other')),
  essence      text NOT NULL,
  received_at  timestamptz NOT NULL,
  -- Set at resolution: whether the complaint was founded (the restless score counts the unfounded).
  founded      boolean,
  resolution   text,
  instance_id  bigint,
  created_at   timestamptz NOT NULL
);
CREATE INDEX complaints_customer_idx ON complaints (customer_id, received_at) WHERE customer_id IS NOT NULL;
CREATE INDEX complaints_received_idx ON complaints (received_at);

-- Goodwill gestures (C4): "a coffee on the house", granted at once within the limit the
-- rules give for the customer's tier and the category, else after a manager approves.
CREATE TABLE complaint_goodwill (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id  bigint NOT NULL REFERENCES complaints,
  value_minor   bigint NOT NULL CHECK (value_minor > 0),
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reason        text NOT NULL,
  limit_minor   bigint NOT NULL,
  rule_id       text,
  status        text NOT NULL CHECK (status IN ('granted', 'pending', 'rejected')),
  requested_by  text NOT NULL,
  decided_by    text,
  requested_at  timestamptz NOT NULL,
  decided_at    timestamptz,
  voucher_id    bigint REFERENCES vouchers,
  instance_id   bigint
);
CREATE INDEX complaint_goodwill_complaint_idx ON complaint_goodwill (complaint_id);

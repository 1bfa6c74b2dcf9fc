-- Compensation as a module of its own (decision 027): the vouchers table stays where recall's
-- migration 002 created it; budgets, loyalty points and refunds owed are new, and every
-- voucher may now say which budget paid for it and what it was for.

-- A sum management approved for one purpose (e.g. "Win-back 2026 Q1", "Goodwill, Sweden"),
-- in one currency. Issuing against it locks the row, so two agents at once never overspend.
CREATE TABLE compensation_budgets (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key           text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name          text NOT NULL,
  purpose       text NOT NULL DEFAULT '',
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  limit_minor   bigint NOT NULL CHECK (limit_minor >= 0),
  spent_minor   bigint NOT NULL DEFAULT 0 CHECK (spent_minor >= 0),
  approved_by   text NOT NULL,
  approved_at   timestamptz NOT NULL,
  closed_at     timestamptz,
  CHECK (spent_minor <= limit_minor)
);

-- Every charge against a budget, so "spent" can be explained line by line.
CREATE TABLE compensation_budget_charges (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  budget_id    bigint NOT NULL REFERENCES compensation_budgets,
  kind         text NOT NULL CHECK (kind IN ('voucher', 'refund', 'points')),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  customer_id  bigint REFERENCES customers,
  purpose      text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX compensation_budget_charges_budget_idx ON compensation_budget_charges (budget_id);

ALTER TABLE vouchers ADD COLUMN budget_id bigint REFERENCES compensation_budgets;
-- What the voucher is for, e.g. "complaint:CS-2026-0042" or "winback:customer:17"; recall's stay null (recall_id says it).
ALTER TABLE vouchers ADD COLUMN purpose text;

-- Loyalty points: a ledger per customer (grants positive, spending negative); the balance is the sum.
CREATE TABLE loyalty_points (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers,
  points       integer NOT NULL CHECK (points <> 0),
  purpose      text NOT NULL,
  budget_id    bigint REFERENCES compensation_budgets,
  idempotency_key text UNIQUE,
  at           timestamptz NOT NULL
);
CREATE INDEX loyalty_points_customer_idx ON loyalty_points (customer_id);

-- A refund owed to a customer outside a recall's claims (which keep their own payouts).
CREATE TABLE compensation_refunds (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  purpose      text NOT NULL,
  budget_id    bigint REFERENCES compensation_budgets,
  status       text NOT NULL DEFAULT 'owed' CHECK (status IN ('owed', 'paid', 'cancelled')),
  idempotency_key text UNIQUE,
  created_at   timestamptz NOT NULL,
  paid_at      timestamptz
);
CREATE INDEX compensation_refunds_customer_idx ON compensation_refunds (customer_id);

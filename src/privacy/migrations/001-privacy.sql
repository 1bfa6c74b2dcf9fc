-- Data-subject requests (access, erasure) and what erasure had to keep (decision 031).

CREATE TABLE privacy_requests (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('erasure')),
  customer_id      bigint NOT NULL REFERENCES customers (id),
  status           text NOT NULL DEFAULT 'identity_check'
                   CHECK (status IN ('identity_check', 'rejected', 'erased', 'confirmed')),
  -- Where the confirmation goes; forgotten (NULL) once the confirmation has been sent.
  requester_email  text,
  requester_language text NOT NULL DEFAULT 'en',
  received_at      timestamptz NOT NULL,
  due_at           timestamptz NOT NULL,
  identity_checked_by text,
  identity_checked_at timestamptz,
  erased_at        timestamptz,
  confirmed_at     timestamptz,
  -- Counts per table of what was erased, kept or pseudonymised: no values.
  summary          jsonb NOT NULL DEFAULT '{}'::jsonb,
  instance_id      bigint,
  created_by       text NOT NULL
);
CREATE INDEX privacy_requests_customer_idx ON privacy_requests (customer_id);

-- A row another module keeps after erasure because the law requires it, with the reason.
-- The row itself holds no direct identifier: the pseudonym stands for the person.
CREATE TABLE privacy_legal_holds (
  id            bigserial PRIMARY KEY,
  table_name    text NOT NULL,
  row_id        text NOT NULL,
  pseudonym     text NOT NULL,
  legal_reason  text NOT NULL,
  retain_until  date,
  request_id    bigint REFERENCES privacy_requests (id),
  created_at    timestamptz NOT NULL,
  UNIQUE (table_name, row_id)
);
CREATE INDEX privacy_legal_holds_pseudonym_idx ON privacy_legal_holds (pseudonym);

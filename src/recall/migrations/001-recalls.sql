-- Product recalls (R1–R8): what is recalled, what it hit, what is blocked, what was offered.

CREATE TABLE recalls (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference           text NOT NULL UNIQUE,              -- e.g. RC-2026-0001, printed on every notice
  title               text NOT NULL,
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
  classification      text NOT NULL CHECK (classification IN ('I', 'II', 'III')),  -- FDA hazard class
  reason              text NOT NULL,
  regions             text[] NOT NULL DEFAULT '{}',      -- empty: everywhere the product went
  instructions        jsonb NOT NULL DEFAULT '{}',       -- language → what consumers should do
  faq                 jsonb NOT NULL DEFAULT '[]',       -- [{lang, question, answer}]
  policy_decision     text NOT NULL DEFAULT 'recall-compensation',  -- DMN decision giving each offer
  recalling_firm      text,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  activated_at        timestamptz,
  all_lots_blocked_at timestamptz,
  closed_at           timestamptz
);

-- What a recall covers, per product: all lots, a list, a range of lot codes, production or
-- expiry windows, or serials. A lot is affected when any criterion of its product matches.
CREATE TABLE recall_criteria (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id    bigint NOT NULL REFERENCES recalls ON DELETE CASCADE,
  product_id   bigint NOT NULL REFERENCES products,
  kind         text NOT NULL CHECK (kind IN ('all_lots', 'lots', 'lot_range', 'produced_between', 'expires_between', 'serials')),
  lot_codes    text[],
  lot_from     text,
  lot_to       text,
  date_from    date,
  date_to      date,
  serials      text[],
  CHECK (kind <> 'lots' OR cardinality(lot_codes) > 0),
  CHECK (kind <> 'lot_range' OR (lot_from IS NOT NULL AND lot_to IS NOT NULL AND lot_from <= lot_to)),
  CHECK (kind NOT IN ('produced_between', 'expires_between') OR (date_from IS NOT NULL AND date_to IS NOT NULL AND date_from <= date_to)),
  CHECK (kind <> 'serials' OR cardinality(serials) > 0)
);
CREATE INDEX recall_criteria_recall_idx ON recall_criteria (recall_id);

-- The block list tills and web shops check (R4): one row per blocked lot or serial.
-- Written in one transaction at activation; released (not deleted) when a recall closes.
CREATE TABLE stop_sale_blocks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id   bigint NOT NULL REFERENCES recalls,
  product_id  bigint NOT NULL REFERENCES products,
  lot_id      bigint REFERENCES lots,
  serial      text,
  blocked_at  timestamptz NOT NULL,
  released_at timestamptz,
  CHECK (lot_id IS NOT NULL OR serial IS NOT NULL)
);
CREATE UNIQUE INDEX stop_sale_blocks_lot_key ON stop_sale_blocks (recall_id, lot_id) WHERE lot_id IS NOT NULL AND serial IS NULL;
CREATE UNIQUE INDEX stop_sale_blocks_serial_key ON stop_sale_blocks (recall_id, product_id, serial) WHERE serial IS NOT NULL;
CREATE INDEX stop_sale_blocks_active_idx ON stop_sale_blocks (product_id) WHERE released_at IS NULL;

-- Bumped on every change to the block list, so every API node refreshes its in-memory copy.
CREATE TABLE stop_sale_version (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  version    bigint NOT NULL,
  changed_at timestamptz NOT NULL
);
INSERT INTO stop_sale_version (version, changed_at) VALUES (0, now());

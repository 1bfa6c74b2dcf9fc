-- The data hub (P1): who bought what, which lot, where and when.
-- Indexes serve recall tracing: lot → order lines → orders → customers, serial → line,
-- customer → orders.

-- GS1 mod-10 check digit over a GTIN normalised to 14 digits. The importers validate
-- first and say which line is wrong; this keeps the table honest against any other writer.
CREATE FUNCTION gtin_is_valid(code text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT code ~ '^[0-9]{14}$' AND (
    SELECT (10 - sum(substr(code, i, 1)::int * CASE WHEN i % 2 = 1 THEN 3 ELSE 1 END) % 10) % 10
    FROM generate_series(1, 13) AS i
  ) = substr(code, 14, 1)::int
$$;

CREATE TABLE customers (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id    text NOT NULL UNIQUE,
  name           text NOT NULL,
  email          text,
  phone          text,                 -- E.164
  language       text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru', 'uk', 'sv')),
  time_zone      text NOT NULL DEFAULT 'UTC',
  tier           text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'silver', 'gold', 'vip')),
  country        text CHECK (country ~ '^[A-Z]{2}$'),
  region         text,
  customer_since date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_email_idx ON customers (lower(email));
CREATE INDEX customers_phone_idx ON customers (phone);
CREATE INDEX customers_name_idx ON customers (lower(name));

-- Current consent per channel, with when and where it was given or withdrawn.
CREATE TABLE customer_consents (
  customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
  channel     text NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'post', 'push')),
  granted     boolean NOT NULL,
  recorded_at timestamptz NOT NULL,
  source      text NOT NULL,
  PRIMARY KEY (customer_id, channel)
);

CREATE TABLE products (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  gtin       text NOT NULL UNIQUE CHECK (gtin_is_valid(gtin)),   -- GTIN-14 form
  sku        text UNIQUE,
  name       text NOT NULL,
  brand      text,
  category   text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lots (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id        bigint NOT NULL REFERENCES products,
  lot_code          text NOT NULL,
  produced_on       date,
  expires_on        date,
  quantity_produced integer CHECK (quantity_produced >= 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, lot_code),
  CHECK (expires_on IS NULL OR produced_on IS NULL OR expires_on >= produced_on)
);
CREATE INDEX lots_lot_code_idx ON lots (lot_code);
CREATE INDEX lots_produced_idx ON lots (product_id, produced_on);

-- Points of sale, warehouses, distributors, plants. external_id is the company's own
-- code; GLN when known (EPCIS readPoint/bizLocation).
CREATE TABLE locations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  gln         text UNIQUE CHECK (gln ~ '^[0-9]{13}$'),
  kind        text NOT NULL CHECK (kind IN ('store', 'warehouse', 'distributor', 'plant', 'online')),
  name        text NOT NULL,
  chain       text,
  region      text,
  country     text CHECK (country ~ '^[A-Z]{2}$'),
  city        text,
  address     text,
  postal_code text,
  email       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX locations_chain_idx ON locations (chain, region);

CREATE TABLE orders (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  customer_id bigint REFERENCES customers ON DELETE SET NULL,   -- null: anonymous sale
  location_id bigint REFERENCES locations,                      -- null: online
  channel     text NOT NULL CHECK (channel IN ('store', 'online', 'phone', 'marketplace')),
  ordered_at  timestamptz NOT NULL,
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (channel <> 'store' OR location_id IS NOT NULL)
);
CREATE INDEX orders_customer_idx ON orders (customer_id, ordered_at) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_location_idx ON orders (location_id, ordered_at);
CREATE INDEX orders_ordered_at_idx ON orders (ordered_at);

CREATE TABLE order_lines (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id         bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
  line_no          integer NOT NULL CHECK (line_no > 0),
  product_id       bigint NOT NULL REFERENCES products,
  lot_id           bigint REFERENCES lots,       -- null when the till did not capture it
  serial           text,                         -- GS1 AI 21 of a serialised unit
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_lot_idx ON order_lines (lot_id, order_id) WHERE lot_id IS NOT NULL;
CREATE INDEX order_lines_serial_idx ON order_lines (product_id, serial) WHERE serial IS NOT NULL;
CREATE INDEX order_lines_product_idx ON order_lines (product_id);

CREATE TABLE shipments (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id           text NOT NULL UNIQUE,
  order_id              bigint REFERENCES orders ON DELETE CASCADE,
  carrier               text NOT NULL,
  tracking_number       text,
  status                text NOT NULL CHECK (status IN ('pending', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'delayed', 'lost', 'returned')),
  promised_on           date,
  estimated_delivery_on date,
  shipped_at            timestamptz,
  delivered_at          timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipments_order_idx ON shipments (order_id);
CREATE INDEX shipments_open_idx ON shipments (promised_on) WHERE delivered_at IS NULL;

CREATE TABLE shipment_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_id bigint NOT NULL REFERENCES shipments ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL,
  status      text NOT NULL,
  location    text,
  description text,
  UNIQUE (shipment_id, occurred_at, status)
);

-- The customer-360 timeline: every touch, whichever module made it.
CREATE TABLE interactions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL,
  kind        text NOT NULL,              -- order, message, call, complaint, survey, consent, note…
  channel     text,
  summary     text NOT NULL,
  ref_type    text,
  ref_id      text,
  details     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_customer_idx ON interactions (customer_id, occurred_at DESC);

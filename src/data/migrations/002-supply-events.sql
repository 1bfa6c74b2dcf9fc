-- Supply-chain events read from GS1 EPCIS 2.0 documents: which lot or serial was where,
-- when, and in which business step. A recall asks "where did lot L go?" (lot_movements by
-- lot_id), "who handled serial S?" (by product_id, serial) and "what passed through this
-- warehouse?" (by location_id); the indexes below serve exactly those three questions.

CREATE TABLE supply_events (
  id                           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The EPCIS eventID when the sender gave one; otherwise Rebound's own SHA-256 of the event
  -- as read ('rebound:sha-256:…'). Unique, so importing the same document twice writes each
  -- event once.
  event_id                     text NOT NULL UNIQUE,
  event_type                   text NOT NULL CHECK (event_type IN ('ObjectEvent', 'AggregationEvent', 'TransformationEvent', 'AssociationEvent', 'TransactionEvent')),
  -- EPCIS has no action on a TransformationEvent, hence nullable.
  action                       text CHECK (action IN ('ADD', 'OBSERVE', 'DELETE')),
  -- CBV short word ('shipping') whichever of the three CBV spellings the sender used, so
  -- queries compare one value; a company's own URI is kept whole.
  biz_step                     text,
  disposition                  text,
  event_time                   timestamptz NOT NULL,
  -- The local offset where the event happened, as sent: event_time is an instant, this tells
  -- the local clock time a person at that place saw (shown in the console).
  event_time_zone_offset       text,
  read_point_location_id       bigint REFERENCES locations,
  biz_location_id              bigint REFERENCES locations,
  -- From sourceList / destinationList entries of type 'location' (a GLN).
  source_location_id           bigint REFERENCES locations,
  destination_location_id      bigint REFERENCES locations,
  -- Parties are companies, not places; Rebound has no party register yet, so the identifier
  -- (usually a PGLN) is kept as text for the people investigating a recall.
  source_owning_party          text,
  source_possessing_party      text,
  destination_owning_party     text,
  destination_possessing_party text,
  -- EPCIS errorDeclaration: the sender said this event was wrong. The row stays (it is what
  -- was reported) but tracing must leave out events with error_declared_at set.
  error_declared_at            timestamptz,
  error_reason                 text,
  document                     text NOT NULL,   -- the file or source the event came from
  raw                          jsonb NOT NULL,  -- the event as read, for what the columns do not hold
  imported_at                  timestamptz NOT NULL DEFAULT now()
);

-- One row per object named by an event: an instance EPC (serial, quantity 1) or a class with a
-- quantity (lot-level or product-level). Only GS1 product keys become rows; assets, pallets
-- (SSCC) and other identifiers stay in supply_events.raw, since they have no product to point at.
CREATE TABLE lot_movements (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supply_event_id bigint NOT NULL REFERENCES supply_events ON DELETE CASCADE,
  product_id      bigint NOT NULL REFERENCES products,
  lot_id          bigint REFERENCES lots,       -- null: the event named no lot
  serial          text,                         -- GS1 AI 21 of a serialised unit
  quantity        numeric CHECK (quantity >= 0), -- null: a class was named without a quantity
  uom             text,                         -- UN/ECE rec. 20 code; null means a count of units
  role            text NOT NULL CHECK (role IN ('object', 'child', 'input', 'output', 'parent')),
  location_id     bigint REFERENCES locations   -- bizLocation, else readPoint
);
CREATE INDEX lot_movements_lot_idx ON lot_movements (lot_id) WHERE lot_id IS NOT NULL;
CREATE INDEX lot_movements_serial_idx ON lot_movements (product_id, serial);
CREATE INDEX lot_movements_location_idx ON lot_movements (location_id) WHERE location_id IS NOT NULL;
-- Event → its movements, and the ON DELETE CASCADE, without a scan.
CREATE INDEX lot_movements_event_idx ON lot_movements (supply_event_id);

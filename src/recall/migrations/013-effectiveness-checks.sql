-- Issue 16.5 (R10, R11): effectiveness checks as the FDA levels them (21 CFR 7.42(b)(3)):
-- A every consignee, B a share between 10 and 100 %, C 10 %, D 2 %, E none — chosen per
-- recall; a seeded random sample of consignees and consumers drawn once, each verified as
-- having received the notice and acted on it (by record, or by a person who asked them).
CREATE TABLE IF NOT EXISTS recall_effectiveness (
  recall_id      bigint PRIMARY KEY REFERENCES recalls,
  level          text NOT NULL CHECK (level IN ('A', 'B', 'C', 'D', 'E')),
  -- The share of each population checked, in percent: 100, the chosen B share, 10, 2, 0.
  share_percent  numeric NOT NULL CHECK (share_percent >= 0 AND share_percent <= 100),
  chosen_by      text NOT NULL,
  chosen_at      timestamptz NOT NULL,
  -- The seed the sample was drawn with: the same seed over the same population draws the same parties.
  seed           bigint,
  drawn_at       timestamptz,
  drawn_by       text,
  consignees     integer,   -- population sizes at the draw
  consumers      integer
);

CREATE TABLE IF NOT EXISTS recall_effectiveness_sample (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recall_id    bigint NOT NULL REFERENCES recall_effectiveness,
  party_kind   text NOT NULL CHECK (party_kind IN ('consignee', 'consumer')),
  location_id  bigint REFERENCES locations,
  customer_id  bigint REFERENCES customers ON DELETE SET NULL,
  label        text NOT NULL,
  -- A person's verification (null until someone asked the party); records are read live beside it.
  received     boolean,
  acted        boolean,
  method       text CHECK (method IN ('phone', 'email', 'visit', 'letter', 'record')),
  note         text,
  verified_at  timestamptz,
  verified_by  text,
  CHECK ((party_kind = 'consignee') = (location_id IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS recall_effectiveness_sample_recall_idx ON recall_effectiveness_sample (recall_id, party_kind);

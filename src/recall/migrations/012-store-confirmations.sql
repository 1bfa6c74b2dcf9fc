-- Issue 16.4 (R5, R10): each store, chain and distributor a recall tells confirms the removal
-- with the units it counted, or that it had none on hand — through a signed link in its notice
-- or the partner API. Silent partners are reminded, then escalated to their account owner, by
-- timers in processes/recall.bpmn; both are recorded here so the dashboard shows them.

-- The person at the company who looks after the partner, told when the partner stays silent.
ALTER TABLE recall_partners ADD COLUMN IF NOT EXISTS account_owner_id bigint REFERENCES users;

CREATE TABLE IF NOT EXISTS recall_store_confirmations (
  recall_id     bigint NOT NULL REFERENCES recalls,
  location_id   bigint NOT NULL REFERENCES locations,
  -- The partner the location belongs to when it confirmed (a chain, or the distributor itself).
  partner       text NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('removed', 'none_on_hand')),
  -- Units taken off the shelves in all, the sum of recall_store_removals for this store.
  units_removed integer NOT NULL CHECK (units_removed >= 0),
  counted_by    text,
  note          text,
  -- 'link' (the signed link in the notice) or 'api' (a partner's token), with who.
  via           text NOT NULL CHECK (via IN ('link', 'api')),
  confirmed_by  text NOT NULL,
  confirmed_at  timestamptz NOT NULL,
  PRIMARY KEY (recall_id, location_id)
);
CREATE INDEX IF NOT EXISTS recall_store_confirmations_partner_idx ON recall_store_confirmations (recall_id, partner);

CREATE TABLE IF NOT EXISTS recall_store_removals (
  recall_id    bigint NOT NULL REFERENCES recalls,
  location_id  bigint NOT NULL REFERENCES locations,
  lot_id       bigint NOT NULL REFERENCES lots,
  quantity     integer NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (recall_id, location_id, lot_id)
);

-- What the follow-up timers did per partner: reminded (when), escalated (when, to whom).
CREATE TABLE IF NOT EXISTS recall_partner_followups (
  recall_id      bigint NOT NULL REFERENCES recalls,
  partner        text NOT NULL,
  reminded_at    timestamptz,
  escalated_at   timestamptz,
  -- The account owner's e-mail, or 'role:manager' when the partner has no owner (said on the dashboard).
  escalated_to   text,
  PRIMARY KEY (recall_id, partner)
);

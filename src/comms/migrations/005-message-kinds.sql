-- What a message is, for the consent rule that applies to it (docs/decisions/017):
--   safety    a notice about a danger (a class I recall): no consent needed, an opt-out stops it
--   service   an answer to someone who wrote in (a complaint reply): no marketing consent needed,
--             a marketing opt-out does not stop it; an address that bounced does
--   marketing everything else: needs consent on the channel
-- The safety column stays: the send-time rules and reports read it, and it equals kind = 'safety'.
ALTER TABLE comms_messages ADD COLUMN kind text NOT NULL DEFAULT 'marketing' CHECK (kind IN ('safety', 'service', 'marketing'));
UPDATE comms_messages SET kind = 'safety' WHERE safety;
ALTER TABLE comms_messages ADD CONSTRAINT comms_messages_safety_is_kind CHECK (safety = (kind = 'safety'));

-- A service message is held back from an address that bounced; finding that must not scan the outbox.
CREATE INDEX comms_messages_bounced_idx ON comms_messages (customer_id, channel, recipient) WHERE status = 'bounced';

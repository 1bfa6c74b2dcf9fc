-- The claim orders due messages by priority, due time and id; an index in exactly that
-- order lets it read the first batch instead of sorting the whole backlog every time
-- (measured: a claim of 500 from a backlog of 100,000 went from a full sort to an index scan).
DROP INDEX comms_messages_due_idx;
CREATE INDEX comms_messages_due_idx ON comms_messages (channel, priority DESC, next_attempt_at, id) WHERE status = 'queued';

-- A record's timeline (a case: its survey invitation, its notices) lists the messages that
-- belong to it, newest first; without this index every timeline read scans the outbox,
-- which holds every message of every mass send.
CREATE INDEX comms_messages_resource_idx ON comms_messages (resource_type, resource_id, created_at DESC, id DESC) WHERE resource_type IS NOT NULL;

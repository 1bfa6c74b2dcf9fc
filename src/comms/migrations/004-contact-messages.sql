-- Contact messages: e-mail to people who are not customers (staff alerted by role, a
-- retail chain's contact address). They have no customer row, so the row itself carries
-- who they are; no consent, quiet hours or daily cap applies to them (enqueue-contacts.ts).
ALTER TABLE comms_messages
  ADD COLUMN contact_address  text,
  ADD COLUMN contact_name     text,
  ADD COLUMN contact_language text CHECK (contact_language IN ('en', 'ru', 'uk', 'sv'));

-- 001's rule "a queued e-mail or SMS names a customer" (PostgreSQL named it
-- comms_messages_check) would refuse every queued contact message. It becomes: a row
-- names at most one recipient, and exactly one while it waits to be sent. "At most" and
-- not "exactly" because deleting a customer sets customer_id to NULL on messages it
-- already received, and a suppressed row for an unknown customer never had one.
ALTER TABLE comms_messages DROP CONSTRAINT comms_messages_check;
ALTER TABLE comms_messages ADD CONSTRAINT comms_messages_one_recipient CHECK (
  num_nonnulls(customer_id, contact_address, endpoint_id) <= 1
  AND (status <> 'queued' OR num_nonnulls(customer_id, contact_address, endpoint_id) = 1)
);
-- A contact is an e-mail address with the language to write to it in, nothing else.
ALTER TABLE comms_messages ADD CONSTRAINT comms_messages_contact_by_email CHECK (
  contact_address IS NULL OR (channel = 'email' AND contact_language IS NOT NULL)
);

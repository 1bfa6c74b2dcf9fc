-- Who among the partners and staff a recall's notice steps were meant to reach was told, and
-- who was not and why (issue 11): written by the steps in the transaction that queues their
-- messages, so the dashboard shows an unreached chain or an empty role where the manager
-- works, and a resend after the contact is fixed knows whom to try again.
CREATE TABLE IF NOT EXISTS recall_reach (
  recall_id   bigint NOT NULL REFERENCES recalls,
  audience    text NOT NULL CHECK (audience IN ('partner', 'staff')),
  -- A partner as in recall_partners.partner, or a staff role.
  name        text NOT NULL,
  reached     boolean NOT NULL,
  -- Partner: 'email', 'webhook'; staff: the number of people alerted is in recipients.
  channels    text[] NOT NULL DEFAULT '{}',
  recipients  integer NOT NULL DEFAULT 0,
  -- Why not reached: no_contact, endpoint_inactive (partner), no_users (staff role).
  reason      text,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (recall_id, audience, name)
);

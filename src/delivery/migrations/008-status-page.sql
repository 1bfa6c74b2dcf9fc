-- The public status page of a delivery incident (issue 15.5, D2): what staff choose to say in
-- public (never the incident's internal title or notes), timed updates, a FAQ, and e-mail
-- subscribers who proved they control their address before they are stored.
CREATE TABLE delivery_status_pages (
  incident_id     bigint PRIMARY KEY REFERENCES delivery_incidents ON DELETE CASCADE,
  slug            text NOT NULL UNIQUE,     -- the public address: reference plus a random part
  -- What the public reads, per language: {"en": {"public_title", "public_summary", "faq": [{question, answer}]}, "sv": …}
  texts           jsonb NOT NULL DEFAULT '{}',
  published       boolean NOT NULL DEFAULT false,
  published_at    timestamptz,
  updated_at      timestamptz NOT NULL,
  updated_by      text NOT NULL
);

CREATE TABLE delivery_status_updates (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id     bigint NOT NULL REFERENCES delivery_incidents ON DELETE CASCADE,
  texts           jsonb NOT NULL,            -- the update per language: {"en": "…", "sv": "…"}
  posted_at       timestamptz NOT NULL,
  posted_by       text NOT NULL,
  sent            integer NOT NULL DEFAULT 0   -- e-mails written to the outbox for it
);
CREATE INDEX delivery_status_updates_incident_idx ON delivery_status_updates (incident_id, posted_at DESC);

-- Stored only once the signed link in the confirmation e-mail was followed.
CREATE TABLE delivery_status_subscribers (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id     bigint NOT NULL REFERENCES delivery_incidents ON DELETE CASCADE,
  email           text NOT NULL,            -- lower-cased
  language        text NOT NULL,
  confirmed_at    timestamptz NOT NULL,
  unsubscribed_at timestamptz,
  UNIQUE (incident_id, email)
);

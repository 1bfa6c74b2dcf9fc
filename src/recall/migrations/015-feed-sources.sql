-- Issue 16.8 (R14): openFDA read from a URL on a schedule. The company configures its feeds
-- (URL, interval); a scheduled job fetches the due ones. Every fetch is kept with its outcome,
-- and a failing feed shows its last error and how many fetches in a row failed — a feed never
-- goes quiet without saying so.
CREATE TABLE IF NOT EXISTS regulator_feed_sources (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                 text NOT NULL,
  source               text NOT NULL DEFAULT 'openfda' CHECK (source IN ('openfda')),
  url                  text NOT NULL CHECK (url ~ '^https?://'),
  interval_minutes     integer NOT NULL CHECK (interval_minutes BETWEEN 5 AND 10080),
  enabled              boolean NOT NULL DEFAULT true,
  next_fetch_at        timestamptz NOT NULL,
  last_fetched_at      timestamptz,
  last_status          text CHECK (last_status IN ('ok', 'failed')),
  last_error           text,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL,
  UNIQUE (url)
);

CREATE TABLE IF NOT EXISTS regulator_feed_fetches (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id    bigint NOT NULL REFERENCES regulator_feed_sources ON DELETE CASCADE,
  trigger      text NOT NULL CHECK (trigger IN ('schedule', 'api')),
  started_at   timestamptz NOT NULL,
  status       text NOT NULL CHECK (status IN ('ok', 'failed')),
  http_status  integer,
  error        text,
  read         integer NOT NULL DEFAULT 0,
  new_reports  integer NOT NULL DEFAULT 0,
  duplicates   integer NOT NULL DEFAULT 0,
  matched      integer NOT NULL DEFAULT 0,
  recall_ids   bigint[] NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS regulator_feed_fetches_source ON regulator_feed_fetches (source_id, id DESC);

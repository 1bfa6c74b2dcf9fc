-- Win-back segments (issue 14, points 3–4): filters over the customer metrics and attributes,
-- saved in versions; membership with entered and left times, one row per entry; each entry's
-- control-group draw and what became of its process start (decisions 029, 030).

CREATE TABLE winback_segments (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  version       integer NOT NULL,              -- the current version
  -- The control draw of an entry is a hash of this seed and the entry's id (decision 029):
  -- random per segment, reproducible from the record.
  control_seed  text NOT NULL,
  created_at    timestamptz NOT NULL,
  created_by    text NOT NULL,
  evaluated_at  timestamptz,
  archived_at   timestamptz
);

-- Every save is a new version: the filter and the process binding together.
CREATE TABLE winback_segment_versions (
  segment_id     bigint NOT NULL REFERENCES winback_segments,
  version        integer NOT NULL,
  name           text NOT NULL,
  description    text,
  filter         jsonb NOT NULL,                -- the structured filter (filter.ts)
  filter_text    text NOT NULL,                 -- the same filter in the filter language
  process_id     text,                          -- the bound BPMN process key; null: no process
  reentry        text NOT NULL DEFAULT 'once' CHECK (reentry IN ('once', 'every', 'cooldown')),
  cooldown_days  integer CHECK (cooldown_days BETWEEN 1 AND 3650),
  control_share  numeric NOT NULL DEFAULT 0 CHECK (control_share >= 0 AND control_share <= 0.5),
  cap_contacts   integer CHECK (cap_contacts BETWEEN 1 AND 1000),  -- frequency cap shared with communications
  cap_days       integer CHECK (cap_days BETWEEN 1 AND 365),
  saved_at       timestamptz NOT NULL,
  saved_by       text NOT NULL,
  PRIMARY KEY (segment_id, version),
  CHECK ((reentry = 'cooldown') = (cooldown_days IS NOT NULL)),
  CHECK ((cap_contacts IS NULL) = (cap_days IS NULL))
);

-- One row per entry: the entry id is the idempotency key of the process it starts.
CREATE TABLE winback_segment_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  segment_id      bigint NOT NULL REFERENCES winback_segments,
  customer_id     bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
  version         integer NOT NULL,             -- the version whose evaluation let them in
  trigger         text NOT NULL,                -- import, schedule, save, manual
  entered_at      timestamptz NOT NULL,
  left_at         timestamptz,
  left_version    integer,
  -- The control group (decision 029): the draw in [0, 1) and the share it was compared with.
  control_draw    double precision,
  control_share   numeric NOT NULL,
  control         boolean NOT NULL DEFAULT false,
  -- The process start: the key bound when they entered, and what became of it.
  process_id      text,
  start_status    text NOT NULL CHECK (start_status IN ('none', 'pending', 'capped', 'started', 'control', 'reentry_blocked', 'left_before_start', 'failed')),
  start_note      text,
  next_attempt_at timestamptz,
  instance_id     bigint UNIQUE,                -- one instance per entry, never two
  started_at      timestamptz
);
CREATE UNIQUE INDEX winback_segment_entries_open ON winback_segment_entries (segment_id, customer_id) WHERE left_at IS NULL;
CREATE INDEX winback_segment_entries_customer ON winback_segment_entries (customer_id, segment_id);
CREATE INDEX winback_segment_entries_due ON winback_segment_entries (next_attempt_at) WHERE start_status IN ('pending', 'capped');

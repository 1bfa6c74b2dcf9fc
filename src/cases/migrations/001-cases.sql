-- Cases (P4): complaints, recalls, win-backs, delivery incidents, investigations — one
-- generic record with stage, owner, department, priority, SLA, links, comments, attachments
-- and a timeline. Domain modules add their own case types as rows of case_types.

-- Working hours in a time zone plus a public-holiday region whose data ships with the code
-- (src/cases/calendar/holidays/). weekly_hours: {"mon": [["09:00","18:00"]], …}.
CREATE TABLE business_calendars (
  id             text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name           text NOT NULL,
  time_zone      text NOT NULL,
  weekly_hours   jsonb NOT NULL,
  holiday_region text,
  created_at     timestamptz NOT NULL DEFAULT now()
);

INSERT INTO business_calendars (id, name, time_zone, weekly_hours, holiday_region) VALUES
  ('ru-moscow', 'Moscow office, Mon–Fri 09:00–18:00, Russian production calendar', 'Europe/Moscow',
   '{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]}', 'RU'),
  ('se-stockholm', 'Stockholm office, Mon–Fri 08:00–17:00, Swedish holidays', 'Europe/Stockholm',
   '{"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],"wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],"fri":[["08:00","17:00"]]}', 'SE'),
  ('ua-kyiv', 'Kyiv office, Mon–Fri 09:00–18:00 (martial law: no public days off)', 'Europe/Kyiv',
   '{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]}', 'UA'),
  ('gb-london', 'London office, Mon–Fri 09:00–17:30, England and Wales bank holidays', 'Europe/London',
   '{"mon":[["09:00","17:30"]],"tue":[["09:00","17:30"]],"wed":[["09:00","17:30"]],"thu":[["09:00","17:30"]],"fri":[["09:00","17:30"]]}', 'GB-ENG'),
  ('around-the-clock', 'Around the clock, every day (calendar hours)', 'UTC',
   '{"mon":[["00:00","24:00"]],"tue":[["00:00","24:00"]],"wed":[["00:00","24:00"]],"thu":[["00:00","24:00"]],"fri":[["00:00","24:00"]],"sat":[["00:00","24:00"]],"sun":[["00:00","24:00"]]}', NULL);

-- What a case of each type goes through. A case's stage must be one of its type's stages.
CREATE TABLE case_types (
  type       text PRIMARY KEY CHECK (type ~ '^[a-z][a-z0-9_]{1,40}$'),
  name       text NOT NULL,
  stages     text[] NOT NULL CHECK (cardinality(stages) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO case_types (type, name, stages) VALUES
  ('complaint', 'Complaint', ARRAY['registered', 'investigating', 'resolving', 'compensating', 'done']),
  ('recall', 'Product recall', ARRAY['assessment', 'activated', 'notifying', 'recovering', 'closed_out']),
  ('winback', 'Win-back', ARRAY['identified', 'reason_found', 'offer_made', 'returned', 'lost']),
  ('delivery_incident', 'Delivery incident', ARRAY['detected', 'grouped', 'notifying', 'compensating', 'resolved']),
  ('investigation', 'Investigation', ARRAY['opened', 'analysing', 'concluded']);

-- SLA targets per case type and priority, in business minutes of a calendar. NULL type or
-- priority is a wildcard; the most specific row wins (type+priority, type, priority, default).
CREATE TABLE sla_policies (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_type              text REFERENCES case_types,
  priority               text CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  first_response_minutes integer CHECK (first_response_minutes > 0),
  resolution_minutes     integer CHECK (resolution_minutes > 0),
  calendar_id            text NOT NULL REFERENCES business_calendars,
  created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sla_policies_scope_key ON sla_policies (coalesce(case_type, '*'), coalesce(priority, '*'));

-- Defaults on the Moscow calendar (the seeds' companies); a delivery incident promises a
-- first answer within 24 clock hours (requirement D4), so it runs around the clock.
INSERT INTO sla_policies (case_type, priority, first_response_minutes, resolution_minutes, calendar_id) VALUES
  (NULL, NULL, 8 * 60, 5 * 9 * 60, 'ru-moscow'),
  (NULL, 'urgent', 60, 9 * 60, 'ru-moscow'),
  (NULL, 'high', 4 * 60, 2 * 9 * 60, 'ru-moscow'),
  (NULL, 'low', 2 * 9 * 60, 10 * 9 * 60, 'ru-moscow'),
  ('complaint', 'normal', 4 * 60, 3 * 9 * 60, 'ru-moscow'),
  ('delivery_incident', NULL, 24 * 60, 72 * 60, 'around-the-clock');

CREATE TABLE cases (
  id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type                        text NOT NULL REFERENCES case_types,
  business_key                text CHECK (length(business_key) BETWEEN 1 AND 200),
  title                       text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description                 text NOT NULL DEFAULT '',
  stage                       text NOT NULL,
  status                      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting_customer', 'resolved', 'closed')),
  priority                    text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  owner_id                    bigint REFERENCES users,
  department                  text,
  received_at                 timestamptz NOT NULL,     -- when the customer raised it; the SLA counts from here
  -- SLA: dues are business time on the calendar of the policy that applied.
  sla_policy_id               bigint REFERENCES sla_policies ON DELETE SET NULL,
  sla_calendar_id             text REFERENCES business_calendars,
  first_response_minutes      integer,                  -- the targets, copied so a policy edit does not rewrite history
  resolution_minutes          integer,
  first_response_due_at       timestamptz,
  resolution_due_at           timestamptz,
  first_responded_at          timestamptz,
  resolved_at                 timestamptz,
  closed_at                   timestamptz,
  -- The clock runs only while status = 'open'. sla_paused_at: when it stopped (waiting for
  -- the customer, or resolved); sla_paused_business_seconds: business time spent stopped
  -- before, which pushes the dues out.
  sla_paused_at               timestamptz,
  sla_paused_business_seconds bigint NOT NULL DEFAULT 0,
  first_response_breached_at  timestamptz,
  resolution_breached_at      timestamptz,
  sla_breached                boolean GENERATED ALWAYS AS (first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL) STORED,
  priority_rank               smallint GENERATED ALWAYS AS (CASE priority WHEN 'urgent' THEN 1 WHEN 'high' THEN 2 WHEN 'normal' THEN 3 ELSE 4 END) STORED,
  -- 'simple': no stemming, so Russian, Ukrainian, Swedish and English text match alike.
  search_vector               tsvector GENERATED ALWAYS AS (
                                to_tsvector('simple'::regconfig, title || ' ' || description || ' ' || coalesce(business_key, ''))) STORED,
  created_by                  text NOT NULL,
  created_at                  timestamptz NOT NULL,
  updated_at                  timestamptz NOT NULL,
  CHECK ((status = 'open') = (sla_paused_at IS NULL))
);
CREATE UNIQUE INDEX cases_business_key ON cases (type, business_key) WHERE business_key IS NOT NULL;
-- The list: default sort, and each filter with the sort it is usually read with.
CREATE INDEX cases_created_idx ON cases (created_at DESC, id DESC);
CREATE INDEX cases_updated_idx ON cases (updated_at DESC, id DESC);
CREATE INDEX cases_status_idx ON cases (status, created_at DESC);
CREATE INDEX cases_type_stage_idx ON cases (type, stage, created_at DESC);
CREATE INDEX cases_owner_idx ON cases (owner_id, status, created_at DESC);
CREATE INDEX cases_department_idx ON cases (department, status, created_at DESC);
CREATE INDEX cases_priority_idx ON cases (priority_rank, created_at DESC);
CREATE INDEX cases_resolution_due_idx ON cases (resolution_due_at) WHERE resolved_at IS NULL;
CREATE INDEX cases_breached_idx ON cases (created_at DESC) WHERE sla_breached;
CREATE INDEX cases_search_idx ON cases USING gin (search_vector);
-- The breach sweep reads only cases whose clock runs and whose target is still unmet.
CREATE INDEX cases_first_response_watch_idx ON cases (first_response_due_at)
  WHERE status = 'open' AND first_responded_at IS NULL AND first_response_breached_at IS NULL;
CREATE INDEX cases_resolution_watch_idx ON cases (resolution_due_at)
  WHERE status = 'open' AND resolution_breached_at IS NULL;

-- Links to the data hub and to other modules' records. No foreign keys: one column points
-- into several tables, and a customer's erasure must not be blocked by a case. Ids are
-- checked when the link is made; reference holds what has no id here (a recall number).
CREATE TABLE case_links (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('customer', 'order', 'product', 'lot', 'recall', 'shipment', 'other')),
  target_id  bigint,
  reference  text CHECK (length(reference) BETWEEN 1 AND 200),
  note       text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (target_id IS NOT NULL OR reference IS NOT NULL)
);
CREATE UNIQUE INDEX case_links_once ON case_links (case_id, kind, coalesce(target_id::text, ''), coalesce(reference, ''));
CREATE INDEX case_links_target_idx ON case_links (kind, target_id, case_id) WHERE target_id IS NOT NULL;
CREATE INDEX case_links_reference_idx ON case_links (kind, reference) WHERE reference IS NOT NULL;

-- Internal discussion among employees (C3); never shown to the customer.
CREATE TABLE case_comments (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  author_kind  text NOT NULL,
  author_id    text,
  author_label text NOT NULL,
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  mentions     bigint[] NOT NULL DEFAULT '{}',   -- users named as @e-mail in the body
  created_at   timestamptz NOT NULL
);
CREATE INDEX case_comments_case_idx ON case_comments (case_id, created_at);

-- Files in the database: one backup holds everything, and both drivers stream bytea alike.
-- The size limit is CASE_ATTACHMENT_MAX_BYTES.
CREATE TABLE case_attachments (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes   bigint NOT NULL CHECK (size_bytes > 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content      bytea NOT NULL,
  uploaded_by  text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id, created_at);

-- The case's own timeline: what happened to it, by whom, when. data holds the details
-- (from/to of a change, the SLA target of a breach).
CREATE TABLE case_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  kind        text NOT NULL,
  actor_kind  text NOT NULL,
  actor_id    text,
  actor_label text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at, id);
-- A breach is recorded once per case and target, whatever runs the sweep how often.
CREATE UNIQUE INDEX case_events_breach_once ON case_events (case_id, (data ->> 'target')) WHERE kind = 'sla_breached';

-- What the console shows a user: mentioned in a comment, given a case, a case's SLA
-- breached. E-mail delivery of these will come from the comms module.
CREATE TABLE case_notifications (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users ON DELETE CASCADE,
  case_id    bigint NOT NULL REFERENCES cases ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('mention', 'assigned', 'sla_breached')),
  comment_id bigint REFERENCES case_comments ON DELETE CASCADE,
  message    text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at    timestamptz
);
CREATE INDEX case_notifications_user_idx ON case_notifications (user_id, created_at DESC);
CREATE INDEX case_notifications_unread_idx ON case_notifications (user_id) WHERE read_at IS NULL;

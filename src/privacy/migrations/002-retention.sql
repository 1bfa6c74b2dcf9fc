-- How long each kind of personal data is kept (decision 032), and what each run removed.

CREATE TABLE privacy_retention_policy (
  kind        text PRIMARY KEY CHECK (kind IN ('message_bodies', 'delivery_events', 'closed_cases', 'survey_free_text', 'audit_entries', 'attachments')),
  -- NULL: kept without limit (a choice to be made on purpose, shown as such).
  keep_days   integer CHECK (keep_days IS NULL OR keep_days BETWEEN 1 AND 36500),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL DEFAULT 'rebound'
);
INSERT INTO privacy_retention_policy (kind, keep_days) VALUES
  ('message_bodies', 90),
  ('delivery_events', 365),
  ('closed_cases', 1095),
  ('survey_free_text', 365),
  ('audit_entries', 1825),
  ('attachments', 1095);

CREATE TABLE privacy_retention_runs (
  id           bigserial PRIMARY KEY,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  trigger      text NOT NULL,
  counts       jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- The process engine's own records. bpmn-engine's state is kept beside them (instance.state,
-- without the embedded definition source), never as the only truth: status, business key,
-- variables, open tasks, timers, subscriptions and action calls are Rebound's rows.

CREATE TABLE engine_forms (
  id bigserial PRIMARY KEY,
  form_key text NOT NULL,
  version integer NOT NULL,
  schema jsonb NOT NULL,
  checksum text NOT NULL,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  deployed_by text NOT NULL,
  UNIQUE (form_key, version)
);

CREATE TABLE engine_definitions (
  id bigserial PRIMARY KEY,
  process_id text NOT NULL,
  version integer NOT NULL,
  name text,
  xml text NOT NULL,
  checksum text NOT NULL,
  -- What Rebound read from the model at deploy (tasks, actions, messages, timers, forms).
  model jsonb NOT NULL,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  deployed_by text NOT NULL,
  UNIQUE (process_id, version)
);

CREATE TABLE engine_decisions (
  id bigserial PRIMARY KEY,
  decision_key text NOT NULL,
  version integer NOT NULL,
  name text,
  xml text NOT NULL,
  checksum text NOT NULL,
  decision_ids text[] NOT NULL,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  deployed_by text NOT NULL,
  UNIQUE (decision_key, version)
);

CREATE TABLE engine_instances (
  id bigserial PRIMARY KEY,
  definition_id bigint NOT NULL REFERENCES engine_definitions (id),
  process_id text NOT NULL,
  business_key text,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'terminated')),
  variables jsonb NOT NULL DEFAULT '{}',
  -- bpmn-engine getState() with definitions[].source removed (recovered with the cached context).
  state jsonb,
  started_by text NOT NULL,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  ended_at timestamptz,
  error text
);
CREATE INDEX engine_instances_business_key ON engine_instances (business_key, status);
CREATE INDEX engine_instances_process ON engine_instances (process_id, status);

CREATE TABLE engine_tasks (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL REFERENCES engine_instances (id),
  execution_id text NOT NULL,
  activity_id text NOT NULL,
  name text,
  process_id text NOT NULL,
  business_key text,
  status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  assignee text,
  candidate_roles text[] NOT NULL DEFAULT '{}',
  candidate_groups text[] NOT NULL DEFAULT '{}',
  priority integer NOT NULL DEFAULT 50,
  due_at timestamptz,
  form_id bigint REFERENCES engine_forms (id),
  escalated_at timestamptz,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  completed_by text,
  data jsonb,
  UNIQUE (instance_id, execution_id)
);
CREATE INDEX engine_tasks_open ON engine_tasks (status, due_at) WHERE status = 'open';

-- Due timers of waiting instances (instance_id set) and timer start events (definition only).
-- Any worker may fire a due timer: it is claimed with SKIP LOCKED and deleted in the same
-- transaction as the step it causes, so it fires once.
CREATE TABLE engine_timers (
  id bigserial PRIMARY KEY,
  instance_id bigint REFERENCES engine_instances (id),
  definition_id bigint NOT NULL REFERENCES engine_definitions (id),
  activity_id text NOT NULL,
  execution_id text NOT NULL,
  timer_type text NOT NULL,
  timer_value text,
  due_at timestamptz NOT NULL,
  -- Timer start events with a cycle: occurrences left (-1 = unbounded).
  repeat integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (instance_id, execution_id)
);
CREATE INDEX engine_timers_due ON engine_timers (due_at);

CREATE TABLE engine_message_subscriptions (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL REFERENCES engine_instances (id),
  message_name text NOT NULL,
  message_ref text NOT NULL,
  business_key text,
  activity_id text NOT NULL,
  execution_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (instance_id, execution_id)
);
CREATE INDEX engine_message_subscriptions_name ON engine_message_subscriptions (message_name, business_key);

CREATE TABLE engine_action_calls (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL REFERENCES engine_instances (id),
  activity_id text NOT NULL,
  execution_id text NOT NULL,
  action text NOT NULL,
  input jsonb NOT NULL,
  -- instance/activity/entry: the same on every retry of one call, so actions can dedupe.
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'incident', 'cancelled')),
  -- A detached call (an escalation's notification) has no waiting activity to signal when done.
  detached boolean NOT NULL DEFAULT false,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  output jsonb,
  last_error text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (instance_id, execution_id)
);
CREATE INDEX engine_action_calls_due ON engine_action_calls (next_attempt_at) WHERE status IN ('pending', 'running');

CREATE TABLE engine_incidents (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL REFERENCES engine_instances (id),
  activity_id text NOT NULL,
  action_call_id bigint REFERENCES engine_action_calls (id),
  kind text NOT NULL,
  error text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX engine_incidents_open ON engine_incidents (status, created_at);

-- The audit trail of every instance, and the process events a case timeline reads by business key.
CREATE TABLE engine_events (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL REFERENCES engine_instances (id),
  process_id text NOT NULL,
  business_key text,
  event text NOT NULL,
  activity_id text,
  activity_type text,
  activity_name text,
  actor_kind text NOT NULL,
  actor_label text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL
);
CREATE INDEX engine_events_instance ON engine_events (instance_id, id);
CREATE INDEX engine_events_business_key ON engine_events (business_key, id);

-- Internal notifications written by the 'notify' action until the communications module
-- registers real channels. One row per idempotency key: a retried call never notifies twice.
CREATE TABLE engine_notifications (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  recipient_role text,
  recipient text,
  subject text NOT NULL,
  body text,
  instance_id bigint,
  task_id bigint,
  deliveries integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL
);

-- SLA settings: a due time for user tasks whose model gives none (per process, or per task).
CREATE TABLE engine_task_slas (
  process_id text NOT NULL,
  activity_id text NOT NULL DEFAULT '*',
  due_in text NOT NULL,
  PRIMARY KEY (process_id, activity_id)
);

-- Win-back process (issue 14, points 5 and 6): the reasons customers leave, each with the state
-- of its cause; one journey per process instance with every step's defined result; the call
-- script of the "Call survey" task and the answers it collected, kept on the customer.

-- The reason list the "Determine the reason for leaving" task offers, editable. The shipped
-- keys each have their own branch in processes/win-back.bpmn; a reason added later takes the
-- model's default ("other") branch until a designer gives it one. `survey_needed` is not a
-- cause: it sends the customer to the call survey, so it has no state to fix.
CREATE TABLE winback_reasons (
  key            text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  labels         jsonb NOT NULL,                 -- {"en": "...", "ru": "..."}
  position       integer NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  is_cause       boolean NOT NULL DEFAULT true,
  state          text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'being_fixed', 'eliminated')),
  eliminated_on  date,
  state_note     text,
  state_changed_by text,
  state_changed_at timestamptz,
  CHECK ((state = 'eliminated') = (eliminated_on IS NOT NULL)),
  CHECK (is_cause OR state = 'open')
);
INSERT INTO winback_reasons (key, labels, position, is_cause) VALUES
  ('bad_product',   '{"en": "Bad product", "ru": "Плохой товар"}', 1, true),
  ('bad_service',   '{"en": "Bad service", "ru": "Плохое обслуживание"}', 2, true),
  ('price',         '{"en": "Price", "ru": "Цена"}', 3, true),
  ('competitor',    '{"en": "Went to a competitor", "ru": "Ушёл к конкуренту"}', 4, true),
  ('moved',         '{"en": "Moved / no longer needed", "ru": "Переехал / больше не нужно"}', 5, true),
  ('other',         '{"en": "Other", "ru": "Другое"}', 6, true),
  ('survey_needed', '{"en": "Survey needed", "ru": "Нужен опрос"}', 7, false);

-- One win-back of one customer: the process instance that runs it, the segment entry that
-- started it (when a segment did), the reason found, and where it stands.
CREATE TABLE winback_journeys (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES customers,
  segment_id       bigint,
  segment_entry_id bigint UNIQUE,
  instance_id      bigint UNIQUE,
  business_key     text NOT NULL UNIQUE,
  reason           text REFERENCES winback_reasons,
  reason_note      text,
  survey_reason    text REFERENCES winback_reasons,   -- what the call script concluded from the answers
  status           text NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'waiting', 'offer', 'offered', 'came_back', 'closed')),
  outcome          text CHECK (outcome IN ('not_reached', 'refused', 'no_longer_needed', 'came_back', 'no_return', 'offer_refused')),
  waiting_since    timestamptz,
  released_at      timestamptz,
  offered_at       timestamptz,
  offer            jsonb,
  voucher_id       bigint,
  came_back_at     timestamptz,
  came_back_order  text,
  came_back_revenue_minor bigint,
  came_back_currency text,
  started_at       timestamptz NOT NULL,
  closed_at        timestamptz
);
CREATE INDEX winback_journeys_customer_idx ON winback_journeys (customer_id);
CREATE INDEX winback_journeys_waiting_idx ON winback_journeys (reason) WHERE status = 'waiting';

-- Every step's defined result: reached / not reached / refused / offer accepted, and the rest
-- a step can end in (reason found, waiting on the cause, released, offer made, came back…).
CREATE TABLE winback_step_results (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journey_id  bigint NOT NULL REFERENCES winback_journeys,
  step        text NOT NULL,
  result      text NOT NULL CHECK (result IN ('reached', 'not_reached', 'refused', 'reason_found', 'waiting_on_cause',
                                              'released', 'no_offer', 'offer_made', 'offer_accepted', 'came_back', 'no_return', 'closed')),
  detail      jsonb NOT NULL DEFAULT '{}',
  by_label    text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX winback_step_results_journey_idx ON winback_step_results (journey_id);

-- The call script of the "Call survey" task: questions with answer options; an option leads
-- to another question or concludes a reason for leaving. One row, versioned by its history.
CREATE TABLE winback_call_scripts (
  version     integer PRIMARY KEY,
  script      jsonb NOT NULL,
  saved_by    text NOT NULL,
  saved_at    timestamptz NOT NULL
);

-- What the customer answered on a call survey: kept on the customer, with the script version asked.
CREATE TABLE winback_survey_answers (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers,
  journey_id      bigint NOT NULL REFERENCES winback_journeys,
  script_version  integer NOT NULL,
  question_key    text NOT NULL,
  question        text NOT NULL,
  answer          text NOT NULL,
  answered_by     text NOT NULL,
  answered_at     timestamptz NOT NULL,
  UNIQUE (journey_id, question_key)
);
CREATE INDEX winback_survey_answers_customer_idx ON winback_survey_answers (customer_id);

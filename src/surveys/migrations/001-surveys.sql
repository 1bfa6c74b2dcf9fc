-- Surveys (P6): CSAT, NPS and CES after a case is resolved, with follow-up questions.

-- A survey: its questions (kinds csat 1–5, nps 0–10, ces 1–7, text, choice), texts per
-- language, and follow-ups shown only when an earlier answer calls for them (showIf).
CREATE TABLE surveys (
  key        text PRIMARY KEY CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
  title      jsonb NOT NULL,                  -- language → text
  intro      jsonb NOT NULL DEFAULT '{}',     -- language → text
  questions  jsonb NOT NULL,
  -- How long an invitation link stays open.
  valid_days integer NOT NULL DEFAULT 30 CHECK (valid_days BETWEEN 1 AND 365),
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which survey follows the resolution of which case type, on which channels.
CREATE TABLE survey_case_types (
  case_type  text PRIMARY KEY,
  survey_key text NOT NULL REFERENCES surveys,
  channels   text[] NOT NULL DEFAULT '{email}' CHECK (channels <@ ARRAY['email', 'sms']::text[] AND cardinality(channels) > 0),
  enabled    boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One invitation per (survey, case, customer): resolving a case twice asks once.
-- case_id is text without a foreign key: cases live in their own module.
CREATE TABLE survey_invitations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_key   text NOT NULL REFERENCES surveys,
  customer_id  bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
  case_id      text NOT NULL,
  case_type    text,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  opened_at    timestamptz,
  completed_at timestamptz,
  UNIQUE (survey_key, case_id, customer_id)
);
CREATE INDEX survey_invitations_customer_idx ON survey_invitations (customer_id);

-- Answers, linked to the case and the customer; the three scores are columns so results
-- are one aggregate query.
CREATE TABLE survey_responses (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invitation_id bigint NOT NULL UNIQUE REFERENCES survey_invitations ON DELETE CASCADE,
  survey_key    text NOT NULL REFERENCES surveys,
  customer_id   bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
  case_id       text NOT NULL,
  case_type     text,
  language      text NOT NULL,
  answers       jsonb NOT NULL,
  csat          smallint CHECK (csat BETWEEN 1 AND 5),
  nps           smallint CHECK (nps BETWEEN 0 AND 10),
  ces           smallint CHECK (ces BETWEEN 1 AND 7),
  -- false while follow-up questions are still open (the scores already count)
  complete      boolean NOT NULL DEFAULT false,
  submitted_at  timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_key, submitted_at);

INSERT INTO surveys (key, title, intro, questions) VALUES (
  'case-resolution',
  '{"en": "How did we do?", "ru": "Как мы справились?", "uk": "Як ми впоралися?", "sv": "Hur gjorde vi?"}',
  '{"en": "Your case {case} is resolved. Two minutes of your time help us improve.", "ru": "Ваше обращение {case} решено. Две минуты вашего времени помогут нам стать лучше.", "uk": "Ваше звернення {case} вирішено. Дві хвилини вашого часу допоможуть нам стати кращими.", "sv": "Ditt ärende {case} är löst. Två minuter av din tid hjälper oss att bli bättre."}',
  '[
    {"id": "csat", "kind": "csat", "required": true, "text": {"en": "How satisfied are you with how we handled your case?", "ru": "Насколько вы довольны тем, как мы решили ваше обращение?", "uk": "Наскільки ви задоволені тим, як ми вирішили ваше звернення?", "sv": "Hur nöjd är du med hur vi hanterade ditt ärende?"}},
    {"id": "ces", "kind": "ces", "required": true, "text": {"en": "We made it easy for me to get my issue resolved.", "ru": "Решить мой вопрос было легко.", "uk": "Вирішити моє питання було легко.", "sv": "Det var enkelt att få mitt ärende löst."}},
    {"id": "nps", "kind": "nps", "required": true, "text": {"en": "How likely are you to recommend us to a friend or colleague?", "ru": "Насколько вероятно, что вы порекомендуете нас другу или коллеге?", "uk": "Наскільки ймовірно, що ви порекомендуєте нас другові чи колезі?", "sv": "Hur troligt är det att du skulle rekommendera oss till en vän eller kollega?"}},
    {"id": "what_went_wrong", "kind": "choice", "required": true, "showIf": {"question": "csat", "atMost": 3},
     "text": {"en": "What disappointed you most?", "ru": "Что разочаровало вас больше всего?", "uk": "Що розчарувало вас найбільше?", "sv": "Vad gjorde dig mest besviken?"},
     "options": [
       {"value": "speed", "label": {"en": "It took too long", "ru": "Слишком долго", "uk": "Надто довго", "sv": "Det tog för lång tid"}},
       {"value": "outcome", "label": {"en": "The outcome", "ru": "Результат", "uk": "Результат", "sv": "Resultatet"}},
       {"value": "communication", "label": {"en": "How we kept you informed", "ru": "Как мы вас информировали", "uk": "Як ми вас інформували", "sv": "Hur vi höll dig informerad"}},
       {"value": "other", "label": {"en": "Something else", "ru": "Другое", "uk": "Інше", "sv": "Något annat"}}
     ]},
    {"id": "comment", "kind": "text", "required": false, "showIf": {"question": "csat", "atMost": 3},
     "text": {"en": "What should we have done differently?", "ru": "Что нам стоило сделать иначе?", "uk": "Що нам варто було зробити інакше?", "sv": "Vad borde vi ha gjort annorlunda?"}}
  ]'
);

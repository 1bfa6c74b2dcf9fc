-- Issue 15.4: the final message on delivery (an apology and the CSAT survey) goes once, and
-- only to customers who were told of the delay. Issue 15.7: the budget management approved
-- on the incident's task is recorded against the incident, one per currency.
ALTER TABLE delivery_delays
  ADD COLUMN apology_at timestamptz,
  ADD COLUMN apology_channel text CHECK (apology_channel IN ('email', 'sms', 'none'));

CREATE TABLE delivery_budget_approvals (
  incident_id bigint NOT NULL REFERENCES delivery_incidents ON DELETE CASCADE,
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  budget_key  text NOT NULL,
  limit_minor bigint NOT NULL,
  task_id     bigint NOT NULL,
  approved_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, currency)
);

-- The survey the apology links to: CSAT about the delivery, with a follow-up when it is low.
INSERT INTO surveys (key, title, intro, questions) VALUES (
  'delivery-csat',
  '{"en": "How was your delivery?", "ru": "Как прошла доставка?", "uk": "Як пройшла доставка?", "sv": "Hur gick leveransen?"}',
  '{"en": "Your order {case} has arrived, later than we promised.", "ru": "Ваш заказ {case} доставлен — позже, чем мы обещали.", "uk": "Ваше замовлення {case} доставлено — пізніше, ніж ми обіцяли.", "sv": "Din order {case} har kommit fram, senare än vi lovade."}',
  '[
    {"id": "csat", "kind": "csat", "required": true, "text": {"en": "How satisfied are you with how we handled the delay?", "ru": "Насколько вы довольны тем, как мы справились с задержкой?", "uk": "Наскільки ви задоволені тим, як ми впоралися із затримкою?", "sv": "Hur nöjd är du med hur vi hanterade förseningen?"}},
    {"id": "comment", "kind": "text", "required": false, "showIf": {"question": "csat", "atMost": 3},
     "text": {"en": "What should we have done differently?", "ru": "Что нам стоило сделать иначе?", "uk": "Що нам варто було зробити інакше?", "sv": "Vad borde vi ha gjort annorlunda?"}}
  ]'
) ON CONFLICT (key) DO NOTHING;

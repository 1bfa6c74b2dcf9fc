-- Issue 16.3: a recall's free texts in each consumer's language. `title` and `reason` stay the
-- text as the manager wrote it, in `language`; translations sit beside them, per language.
ALTER TABLE recalls
  ADD COLUMN language            text  NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru', 'uk', 'sv')),
  ADD COLUMN title_translations  jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN reason_translations jsonb NOT NULL DEFAULT '{}';

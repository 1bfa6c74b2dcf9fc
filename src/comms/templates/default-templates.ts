import type { Db } from '../../platform/db/database.ts';
import type { Language } from './languages.ts';
import type { TemplateTexts } from './template-fields.ts';
import type { TemplateKey } from './template-keys.sql.ts';
import { getTemplateKey, declareTemplateKey } from './template-keys.sql.ts';
import { getTemplate, saveTemplate } from './templates.sql.ts';

/**
 * For modules that ship a template (the survey invitation): declares the key and saves the
 * shipped texts for each language that has none yet. What a designer has edited since is
 * never overwritten.
 */
export async function ensureDefaultTemplates(db: Db, key: TemplateKey, texts: Partial<Record<Language, Partial<TemplateTexts>>>): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await getTemplateKey(tx, key.key))) await declareTemplateKey(tx, key);
    for (const [language, text] of Object.entries(texts) as [Language, Partial<TemplateTexts>][]) {
      if (!(await getTemplate(tx, key.key, language))) await saveTemplate(tx, key.key, language, text, 'rebound (default)');
    }
  });
}

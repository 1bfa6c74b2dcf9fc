import { AppError } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import { FALLBACK_LANGUAGE, type Language } from './languages.ts';
import { getTemplateKey, isDeclared } from './template-keys.sql.ts';
import { TEMPLATE_FIELDS, type TemplateTexts } from './template-fields.ts';
import { TemplateSyntaxError, variablesOf } from './template-syntax.ts';

export interface Template extends TemplateTexts {
  key: string;
  language: Language;
  version: number;
  updated_at: Date;
  updated_by: string | null;
}

const COLUMNS = `key, language, ${TEMPLATE_FIELDS.join(', ')}, version, updated_at, updated_by`;

export async function listTemplates(db: Db, key?: string): Promise<Template[]> {
  return db.query<Template>(`SELECT ${COLUMNS} FROM comms_templates WHERE ($1::text IS NULL OR key = $1) ORDER BY key, language`, [key ?? null]);
}

export async function getTemplate(db: Db, key: string, language: Language): Promise<Template | undefined> {
  const [row] = await db.query<Template>(`SELECT ${COLUMNS} FROM comms_templates WHERE key = $1 AND language = $2`, [key, language]);
  return row;
}

/**
 * Saves one language of a template. Every placeholder must be a variable the key declares
 * (or a standard one): an unknown name is refused with that name, before anyone gets
 * a message with a hole in it.
 */
export async function saveTemplate(db: Db, key: string, language: Language, texts: Partial<TemplateTexts>, updatedBy: string): Promise<Template> {
  const declared = await getTemplateKey(db, key);
  if (!declared) throw new AppError('not_found', `template key ${key} was not found; declare it first`, 'comms.unknown_template_key');
  for (const field of TEMPLATE_FIELDS) {
    const text = texts[field];
    if (!text) continue;
    let used: string[];
    try {
      used = variablesOf(text);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) {
        throw new AppError('unprocessable', `${field}: ${error.message}`, 'comms.template_syntax', { errors: [{ field: `body.${field}`, message: error.message }] });
      }
      throw error;
    }
    const unknown = used.find((name) => !isDeclared(declared, name));
    if (unknown) {
      throw new AppError('unprocessable', `${field} uses the unknown variable {{${unknown}}}; ${key} declares ${Object.keys(declared.variables).join(', ') || 'none'}`, 'comms.unknown_variable', {
        variable: unknown,
        errors: [{ field: `body.${field}`, message: `unknown variable {{${unknown}}}` }],
      });
    }
  }
  if (!TEMPLATE_FIELDS.some((field) => texts[field])) throw new AppError('invalid', 'a template needs at least one text', 'comms.empty_template');
  if ((texts.email_html || texts.email_text) && !texts.email_subject) throw new AppError('invalid', 'an e-mail needs a subject', 'comms.missing_subject');
  const [row] = await db.query<Template>(
    `INSERT INTO comms_templates (key, language, email_subject, email_html, email_text, sms_text, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (key, language) DO UPDATE SET email_subject = EXCLUDED.email_subject, email_html = EXCLUDED.email_html,
       email_text = EXCLUDED.email_text, sms_text = EXCLUDED.sms_text, updated_by = EXCLUDED.updated_by,
       version = comms_templates.version + 1, updated_at = now()
     RETURNING ${COLUMNS}`,
    [key, language, texts.email_subject ?? null, texts.email_html ?? null, texts.email_text ?? null, texts.sms_text ?? null, updatedBy],
  );
  return row!;
}

/**
 * Installs a module's shipped texts of one key, per language, where that language has no
 * template yet: an operator's edited text is never overwritten by a restart.
 */
export async function installShippedTemplate(db: Db, key: string, texts: Partial<Record<Language, Partial<TemplateTexts>>>): Promise<void> {
  for (const [language, t] of Object.entries(texts) as [Language, Partial<TemplateTexts>][]) {
    if (!(await getTemplate(db, key, language))) await saveTemplate(db, key, language, t, 'rebound');
  }
}

export async function deleteTemplate(db: Db, key: string, language: Language): Promise<boolean> {
  const rows = await db.query('DELETE FROM comms_templates WHERE key = $1 AND language = $2 RETURNING key', [key, language]);
  return rows.length > 0;
}

/** The templates of several keys in every language, for rendering a batch of messages. */
export async function loadTemplates(db: Db, keys: readonly string[]): Promise<Map<string, Template>> {
  const rows = await db.query<Template>(`SELECT ${COLUMNS} FROM comms_templates WHERE key = ANY($1::text[])`, [keys]);
  return new Map(rows.map((row) => [`${row.key}/${row.language}`, row]));
}

/** The template in the customer's language, or in the fallback language. */
export function pickTemplate(templates: Map<string, Template>, key: string, language: string): Template | undefined {
  return templates.get(`${key}/${language}`) ?? templates.get(`${key}/${FALLBACK_LANGUAGE}`);
}

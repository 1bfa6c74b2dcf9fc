import { textIn } from '../recall-definition.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { AFFECTED_LOTS_CTE } from '../affected.sql.ts';

export type PublicLanguage = 'en' | 'ru' | 'uk' | 'sv';

/**
 * What a consumer may see of a recall (R6): the product and lots, the cause, what to do and
 * the FAQ in their language (the title and reason as written, and the English instructions and
 * FAQ, when a text is missing). Drafts are never public.
 */
export async function publicRecall(db: Db, reference: string, language: PublicLanguage) {
  const [recall] = await db.query<{ id: number; reference: string; title: string; title_translations: Record<string, string>; classification: string; reason: string; reason_translations: Record<string, string>; status: string; activated_at: Date | null; instructions: Record<string, string>; faq: { lang: string; question: string; answer: string }[] }>(
    `SELECT id, reference, title, title_translations, classification, reason, reason_translations, status, activated_at, instructions, faq FROM recalls WHERE reference = $1 AND status <> 'draft'`,
    [reference],
  );
  if (!recall) throw new AppError('not_found', `no public recall ${reference}`, 'recall.not_public');
  const products = await db.query<{ gtin: string; name: string; brand: string | null; lots: { lot_code: string; expires_on: string | null }[] }>(
    `WITH ${AFFECTED_LOTS_CTE}
     SELECT p.gtin, p.name, p.brand, jsonb_agg(jsonb_build_object('lot_code', al.lot_code, 'expires_on', al.expires_on) ORDER BY al.lot_code) AS lots
     FROM affected_lots al JOIN products p ON p.id = al.product_id GROUP BY p.gtin, p.name, p.brand ORDER BY p.name`,
    [recall.id],
  );
  const faqIn = (lang: string) => recall.faq.filter((f) => f.lang === lang).map(({ question, answer }) => ({ question, answer }));
  const faq = faqIn(language);
  return {
    reference: recall.reference,
    title: textIn(language, recall.title, recall.title_translations),
    classification: recall.classification,
    reason: textIn(language, recall.reason, recall.reason_translations),
    status: recall.status,
    activated_at: recall.activated_at,
    language,
    instructions: recall.instructions[language] ?? recall.instructions.en ?? null,
    faq: faq.length ? faq : faqIn('en'),
    products,
  };
}

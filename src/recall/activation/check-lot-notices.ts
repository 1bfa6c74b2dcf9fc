import { declareTemplateKey, enqueueMessages, type CustomerChannel } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { publicUrl } from '../../platform/config/config.ts';
import { POSSIBLY_AFFECTED_LINES_CTE } from '../affected.sql.ts';
import { textIn } from '../recall-definition.ts';
import { CONSUMER_REACH_CTE, summariseReach } from './consumer-reach.sql.ts';
import { asNoticeLanguage, purchasedText } from './notice-variables.ts';

/** The "check the lot on your pack" message to possibly affected consumers (R3); never an offer. */
export const RECALL_CHECK_LOT = 'recall.check_lot_notice';
export const checkLotCampaign = (reference: string) => `recall:${reference}:check-lot`;

/**
 * THE population and reach of the possibly affected, read by the impact preview, the
 * dashboard and the send step alike, so the count the manager sees is who is written to.
 */
export const POSSIBLY_AFFECTED_REACH = `WITH ${POSSIBLY_AFFECTED_LINES_CTE},
  reach_consumers AS (SELECT DISTINCT customer_id FROM possibly_affected_lines WHERE customer_id IS NOT NULL),
  ${CONSUMER_REACH_CTE}`;

/** How many possibly affected units and consumers, and how each consumer can be reached. */
export async function possiblyAffected(db: Db, recallId: number) {
  const [units] = await db.query<{ units: number; units_anonymous: number; consumers: number }>(
    `WITH ${POSSIBLY_AFFECTED_LINES_CTE}
     SELECT coalesce(sum(quantity), 0)::bigint AS units, coalesce(sum(quantity) FILTER (WHERE customer_id IS NULL), 0)::bigint AS units_anonymous,
            count(DISTINCT customer_id)::bigint AS consumers
     FROM possibly_affected_lines`, [recallId]);
  const reach = summariseReach(await db.query<{ channel: string | null; rule: string | null; unreachable_reason: string | null; consumers: number }>(
    `${POSSIBLY_AFFECTED_REACH} SELECT channel, rule, unreachable_reason, count(*)::bigint AS consumers FROM consumer_reach GROUP BY 1, 2, 3`, [recallId]));
  return { units: Number(units!.units), units_anonymous: Number(units!.units_anonymous), consumers: Number(units!.consumers), reach };
}

const VARIABLES = {
  reference: { description: 'The recall reference', sample: 'RC-2026-0001' },
  product: { description: 'The recalled product(s) they bought without a recorded lot', sample: 'Zorka Kefir 2.5% 900 g' },
  purchased: { description: 'Where and when they last bought it, in their language', sample: '12 October 2026, Store 7' },
  reason: { description: 'Why the product is recalled, in their language where translated', sample: 'Listeria found in a retained sample' },
  check_url: { description: 'The lot check page for their product, in their language', sample: 'https://rebound.example/p/check?gtin=04600000000001&recall=RC-2026-0001&lang=sv' },
  landing_url: { description: 'The recall page in their language', sample: 'https://rebound.example/p/recall/RC-2026-0001?lang=sv' },
};

interface CheckWords { subject: string; hello: string; bought: string; why: string; check: string; link: string; notAll: string; sms: string; preferences: string }
const message = (w: CheckWords): TemplateTexts => ({
  email_subject: w.subject,
  email_html: `<p>${w.hello}</p><p>${w.bought}</p><p>${w.why}</p><p><strong>${w.check}</strong> <a href="{{check_url}}">${w.link}</a></p><p>${w.notAll}</p>`
    + `<p style="font-size:12px;color:#5f6b7a"><a href="{{preferences_url}}">${w.preferences}</a></p>`,
  email_text: `${w.hello}\n\n${w.bought.replace(/<\/?strong>/g, '')}\n\n${w.why}\n\n${w.check} ${w.link}: {{check_url}}\n\n${w.notAll}\n\n${w.preferences}: {{preferences_url}}\n`,
  sms_text: w.sms,
});

/** "Check the lot": it says the lot of their purchase is not known and asks them to look, never that they are affected or safe. */
const TEXTS: Record<Language, TemplateTexts> = {
  en: message({
    subject: 'Please check the lot of your {{product}} ({{reference}})',
    hello: 'Dear {{customer.name}},',
    bought: 'You bought <strong>{{product}}</strong> ({{purchased}}). Some lots of this product are being recalled, and we do not know which lot you bought.',
    why: 'Reason for the recall: {{reason}}.',
    check: 'Please check the lot number printed on your pack:',
    link: 'check your product here',
    notAll: 'If your lot is not part of the recall, you can keep using the product. If it is, the page tells you what to do and how you are compensated.',
    sms: 'Recall {{reference}}: please check the lot on your {{product}}. {{check_url}}',
    preferences: 'Manage your contact preferences',
  }),
  ru: message({
    subject: 'Проверьте партию товара «{{product}}» ({{reference}})',
    hello: 'Здравствуйте, {{customer.name}}!',
    bought: 'Вы покупали <strong>{{product}}</strong> ({{purchased}}). Некоторые партии этого товара отзываются, а какую партию купили вы, нам неизвестно.',
    why: 'Причина отзыва: {{reason}}.',
    check: 'Пожалуйста, проверьте номер партии на упаковке:',
    link: 'проверить товар',
    notAll: 'Если ваша партия не отзывается, товаром можно пользоваться. Если отзывается, на странице сказано, что делать и какую компенсацию вы получите.',
    sms: 'Отзыв {{reference}}: проверьте партию товара «{{product}}». {{check_url}}',
    preferences: 'Настроить способы связи',
  }),
  uk: message({
    subject: 'Перевірте партію товару «{{product}}» ({{reference}})',
    hello: 'Вітаємо, {{customer.name}}!',
    bought: 'Ви купували <strong>{{product}}</strong> ({{purchased}}). Деякі партії цього товару відкликаються, а яку партію купили ви, нам невідомо.',
    why: 'Причина відкликання: {{reason}}.',
    check: 'Будь ласка, перевірте номер партії на упаковці:',
    link: 'перевірити товар',
    notAll: 'Якщо вашої партії це не стосується, товаром можна користуватися. Якщо стосується, на сторінці сказано, що робити і яку компенсацію ви отримаєте.',
    sms: 'Відкликання {{reference}}: перевірте партію товару «{{product}}». {{check_url}}',
    preferences: 'Налаштувати способи зв’язку',
  }),
  sv: message({
    subject: 'Kontrollera partiet på din {{product}} ({{reference}})',
    hello: 'Hej {{customer.name}},',
    bought: 'Du köpte <strong>{{product}}</strong> ({{purchased}}). Vissa partier av produkten återkallas, och vi vet inte vilket parti du köpte.',
    why: 'Orsak till återkallelsen: {{reason}}.',
    check: 'Kontrollera partinumret på förpackningen:',
    link: 'kontrollera din produkt här',
    notAll: 'Om ditt parti inte återkallas kan du fortsätta använda produkten. Om det gör det står det på sidan vad du ska göra och hur du kompenseras.',
    sms: 'Återkallelse {{reference}}: kontrollera partiet på din {{product}}. {{check_url}}',
    preferences: 'Hantera dina kontaktinställningar',
  }),
};

export async function installCheckLotTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, { key: RECALL_CHECK_LOT, description: "Ask possibly affected consumers (no lot recorded at the till) to check the lot on their pack (R3)", variables: VARIABLES });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, RECALL_CHECK_LOT, language))) await saveTemplate(db, RECALL_CHECK_LOT, language, texts, 'rebound');
  }
}

const RECIPIENTS_SQL = `${POSSIBLY_AFFECTED_REACH},
  bought AS (
    SELECT pl.customer_id, string_agg(DISTINCT p.name, ', ' ORDER BY p.name) AS products, min(p.gtin) AS gtin, count(DISTINCT p.gtin)::int AS gtins,
           max(pl.ordered_at) AS last_at
    FROM possibly_affected_lines pl JOIN products p ON p.id = pl.product_id WHERE pl.customer_id IS NOT NULL GROUP BY pl.customer_id),
  last_store AS (
    SELECT DISTINCT ON (pl.customer_id) pl.customer_id, loc.name AS store
    FROM possibly_affected_lines pl LEFT JOIN locations loc ON loc.id = pl.location_id AND loc.kind = 'store'
    WHERE pl.customer_id IS NOT NULL ORDER BY pl.customer_id, pl.ordered_at DESC)
  SELECT b.customer_id, b.products, b.gtin, b.gtins, b.last_at, ls.store AS last_store, cu.language, cu.time_zone, r.channel
  FROM bought b JOIN consumer_reach r ON r.customer_id = b.customer_id JOIN customers cu ON cu.id = b.customer_id
  LEFT JOIN last_store ls ON ls.customer_id = b.customer_id
  ORDER BY b.customer_id`;

/**
 * The manager's "ask them to check the lot" (R3): one message per possibly affected consumer
 * who can be reached, with the lot-check link for their product and no offer. Keyed per
 * consumer and campaign in the outbox, so pressing it again writes to nobody twice; a
 * consumer added since (a late import) is written to on the next press.
 */
export async function sendCheckLotNotices(ctx: AppContext, actor: Actor, recallId: number) {
  return ctx.db.transaction(async (tx) => {
    const [recall] = await tx.query<{ reference: string; status: string; classification: string; reason: string; reason_translations: Record<string, string> }>(
      'SELECT reference, status, classification, reason, reason_translations FROM recalls WHERE id = $1 FOR UPDATE', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    if (recall.status !== 'active') throw new AppError('conflict', `recall ${recall.reference} is ${recall.status}: only an active recall asks consumers to check their lot`, 'recall.not_active');
    const rows = await tx.query<{ customer_id: number; products: string; gtin: string; gtins: number; last_at: Date; last_store: string | null; language: string; time_zone: string; channel: CustomerChannel | null }>(RECIPIENTS_SQL, [recallId]);
    const base = publicUrl(ctx.config);
    const summary = { consumers: rows.length, queued: 0, suppressed: 0, duplicate: 0, unreachable: 0 };
    for (const channel of ['email', 'sms'] as const) {
      const recipients = rows.filter((r) => r.channel === channel).map((r) => {
        const language = asNoticeLanguage(r.language);
        const check = new URLSearchParams({ ...(r.gtins === 1 ? { gtin: r.gtin } : {}), recall: recall.reference, lang: language });
        return {
          customerId: r.customer_id,
          variables: {
            reference: recall.reference,
            product: r.products,
            purchased: purchasedText(language, r.last_at, r.last_store, r.time_zone),
            reason: textIn(language, recall.reason, recall.reason_translations),
            check_url: `${base}/p/check?${check}`,
            landing_url: `${base}/p/recall/${encodeURIComponent(recall.reference)}?lang=${language}`,
          },
        };
      });
      if (!recipients.length) continue;
      const sent = await enqueueMessages(tx, ctx, {
        recipients, templateKey: RECALL_CHECK_LOT, channels: channel, campaign: checkLotCampaign(recall.reference), reason: 'recall.check_lot',
        resource: { type: 'recall', id: recallId }, safety: recall.classification === 'I', priority: recall.classification === 'I' ? 80 : 40,
      });
      summary.queued += sent.queued;
      summary.suppressed += sent.suppressed;
      summary.duplicate += sent.duplicate;
    }
    summary.unreachable = rows.filter((r) => !r.channel).length;
    await recordAudit(tx, actor, { action: 'send_check_lot_notices', entity: 'recall', entityId: recallId, details: summary });
    return summary;
  });
}

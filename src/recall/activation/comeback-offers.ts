import { declareTemplateKey, enqueueMessages, type CustomerChannel } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AFFECTED_LINES_CTE } from '../affected.sql.ts';
import { newVoucherCode } from '../../compensation/index.ts';
import { asNoticeLanguage, offerText } from './notice-variables.ts';

export const RECALL_COMEBACK = 'recall.comeback_offer';
const VALIDITY_DAYS = 60;

const TEXTS: Record<Language, TemplateTexts> = {
  en: {
    email_subject: 'Thank you for your patience — a gift from us',
    email_html: '<p>Dear {{customer.name}},</p><p>The recall of {{product}} ({{reference}}) is closed. Thank you for bearing with us.</p><p>We would like to welcome you back with {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
    email_text: 'Dear {{customer.name}},\n\nThe recall of {{product}} ({{reference}}) is closed. Thank you for bearing with us.\n\nWe would like to welcome you back with {{offer}}.\n\nUnsubscribe: {{unsubscribe_url}}\n',
    sms_text: 'Thank you for your patience during recall {{reference}}. A gift for you: {{offer}}.',
  },
  ru: {
    email_subject: 'Спасибо за терпение — подарок от нас',
    email_html: '<p>Здравствуйте, {{customer.name}}!</p><p>Отзыв товара «{{product}}» ({{reference}}) завершён. Спасибо, что были с нами.</p><p>Будем рады видеть вас снова и дарим вам {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Отписаться</a></p>',
    email_text: 'Здравствуйте, {{customer.name}}!\n\nОтзыв товара «{{product}}» ({{reference}}) завершён. Спасибо, что были с нами.\n\nБудем рады видеть вас снова и дарим вам {{offer}}.\n\nОтписаться: {{unsubscribe_url}}\n',
    sms_text: 'Спасибо за терпение во время отзыва {{reference}}. Подарок для вас: {{offer}}.',
  },
  uk: {
    email_subject: 'Дякуємо за терпіння — подарунок від нас',
    email_html: '<p>Вітаємо, {{customer.name}}!</p><p>Відкликання товару «{{product}}» ({{reference}}) завершено. Дякуємо, що були з нами.</p><p>Будемо раді бачити вас знову й даруємо вам {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Відписатися</a></p>',
    email_text: 'Вітаємо, {{customer.name}}!\n\nВідкликання товару «{{product}}» ({{reference}}) завершено. Дякуємо, що були з нами.\n\nБудемо раді бачити вас знову й даруємо вам {{offer}}.\n\nВідписатися: {{unsubscribe_url}}\n',
    sms_text: 'Дякуємо за терпіння під час відкликання {{reference}}. Подарунок для вас: {{offer}}.',
  },
  sv: {
    email_subject: 'Tack för ditt tålamod — en gåva från oss',
    email_html: '<p>Hej {{customer.name}},</p><p>Återkallelsen av {{product}} ({{reference}}) är avslutad. Tack för att du hade tålamod med oss.</p><p>Välkommen tillbaka — vi ger dig {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Avregistrera dig</a></p>',
    email_text: 'Hej {{customer.name}},\n\nÅterkallelsen av {{product}} ({{reference}}) är avslutad. Tack för att du hade tålamod med oss.\n\nVälkommen tillbaka — vi ger dig {{offer}}.\n\nAvregistrera dig: {{unsubscribe_url}}\n',
    sms_text: 'Tack för ditt tålamod under återkallelse {{reference}}. En gåva till dig: {{offer}}.',
  },
};

export async function installComebackTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: RECALL_COMEBACK,
    description: 'The personal offer to each affected consumer after a recall closes',
    variables: {
      reference: { description: 'The recall reference', sample: 'RC-2026-0001' },
      product: { description: 'The recalled product(s) the customer bought', sample: 'Ryazhenka Kefir 2.5% 1 l' },
      offer: { description: 'Their voucher, in their language', sample: 'a voucher worth 25,00 kr: 7K2M-QX9D-R4TB-W1HZ (valid until 1 February 2027)' },
    },
  });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, RECALL_COMEBACK, language))) await saveTemplate(db, RECALL_COMEBACK, language, texts, 'rebound');
  }
}

/**
 * After the recall closes, a personal offer to every affected consumer (R11: measure whether
 * they stay): a voucher worth `percent` of what they paid for the recalled product, at least
 * `minimumMinor`, in their language, on a channel they accepted — a marketing message, so
 * consent and quiet hours apply in full. The percent is an input of the process step, so the
 * business changes it in the modeler. One voucher per consumer and recall, ever.
 */
export async function sendComebackOffers(tx: Db, ctx: AppContext, recallId: number, percent: number, minimumMinor: number) {
  const [recall] = await tx.query<{ reference: string }>('SELECT reference FROM recalls WHERE id = $1', [recallId]);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  const purchases = await tx.query<{ customer_id: number; currency: string; paid_minor: number; products: string }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT al.customer_id, al.currency, sum(al.quantity * al.unit_price_minor)::bigint AS paid_minor, string_agg(DISTINCT p.name, ', ') AS products
     FROM affected_lines al JOIN products p ON p.id = al.product_id
     WHERE al.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM recall_comeback_offers c WHERE c.recall_id = $1 AND c.customer_id = al.customer_id)
     GROUP BY al.customer_id, al.currency ORDER BY al.customer_id, paid_minor DESC`,
    [recallId],
  );
  // One voucher per consumer: in the currency they spent most in (nearly always their only one).
  const consumers = purchases.filter((row, i) => i === 0 || purchases[i - 1]!.customer_id !== row.customer_id);
  const rows = consumers.map((c) => ({ ...c, code: newVoucherCode(), value_minor: Math.max(Math.round((Number(c.paid_minor) * percent) / 100), minimumMinor) }));
  await tx.query(
    `WITH issued AS (
       INSERT INTO vouchers (code, recall_id, customer_id, value_minor, currency, issued_at, expires_at)
       SELECT r.code, $1, r.customer_id, r.value_minor, r.currency, $2, $3 FROM jsonb_to_recordset($4::jsonb) AS r(code text, customer_id bigint, value_minor bigint, currency text)
       RETURNING id, customer_id)
     INSERT INTO recall_comeback_offers (recall_id, customer_id, voucher_id) SELECT $1, customer_id, id FROM issued`,
    [recallId, now, expiresAt, JSON.stringify(rows.map(({ code, customer_id, value_minor, currency }) => ({ code, customer_id, value_minor, currency })))],
  );
  const contacts = new Map((await tx.query<{ id: number; language: string; time_zone: string; email: boolean }>(
    `SELECT cu.id, cu.language, cu.time_zone, (cu.email IS NOT NULL AND coalesce(k.granted, false)) AS email
     FROM customers cu LEFT JOIN customer_consents k ON k.customer_id = cu.id AND k.channel = 'email' WHERE cu.id = ANY ($1)`,
    [rows.map((r) => r.customer_id)],
  )).map((c) => [c.id, c]));
  const byChannel: Record<CustomerChannel, { customerId: number; variables: Record<string, unknown> }[]> = { email: [], sms: [] };
  for (const row of rows) {
    const contact = contacts.get(row.customer_id);
    const language = asNoticeLanguage(contact?.language ?? 'en');
    const offer = offerText(language, { offer_type: 'voucher', value_minor: row.value_minor, currency: row.currency, voucher_code: row.code, voucher_expires_at: expiresAt }, contact?.time_zone ?? 'UTC');
    byChannel[contact?.email ? 'email' : 'sms'].push({ customerId: row.customer_id, variables: { reference: recall!.reference, product: row.products, offer } });
  }
  const summary = { consumers: rows.length, queued: 0, suppressed: 0 };
  for (const channel of ['email', 'sms'] as const) {
    if (!byChannel[channel].length) continue;
    const sent = await enqueueMessages(tx, ctx, {
      recipients: byChannel[channel], templateKey: RECALL_COMEBACK, channels: channel,
      campaign: `recall:${recall!.reference}:comeback`, reason: 'recall.comeback_offer', resource: { type: 'recall', id: recallId },
    });
    summary.queued += sent.queued;
    summary.suppressed += sent.suppressed;
  }
  return summary;
}

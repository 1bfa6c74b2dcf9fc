import { declareTemplateKey, installShippedTemplate, type CustomerChannel } from '../../comms/index.ts';
import { enqueueAboutShipments, type ShipmentRecipient } from './notice-outcomes.ts';
import { DELAY_CUSTOMER_JOINS, DELAY_MESSAGE_CHANNEL } from './delayed-customer.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';

import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { openSurveyInvitations } from '../../surveys/index.ts';

export const DELIVERED_APOLOGY = 'delivery.delivered_apology';
export const DELIVERY_SURVEY = 'delivery-csat';
/** The case id survey answers about a late delivery carry: one invitation per shipment and customer. */
export const deliverySurveyCase = (shipmentId: number) => `delivery:shipment:${shipmentId}`;

const VARIABLES = {
  order: { description: 'The customer\'s order number', sample: 'SO-10042' },
  survey_url: { description: 'Their CSAT survey about the delivery: a signed link that expires', sample: 'https://care.example.com/surveys/respond?t=…' },
};

const message = (w: { subject: string; hello: string; body: string; ask: string; button: string; sms: string }): TemplateTexts => ({
  email_subject: w.subject,
  email_html: `<p>${w.hello}</p><p>${w.body}</p><p>${w.ask}</p><p><a href="{{survey_url}}">${w.button}</a></p>`,
  email_text: `${w.hello}\n\n${w.body}\n\n${w.ask}\n{{survey_url}}\n`,
  sms_text: w.sms,
});

/** An apology and one question; a service message about their own order (decision 017). */
const TEXTS: Record<Language, TemplateTexts> = {
  en: message({
    subject: 'Your order {{order}} has arrived — we are sorry it was late',
    hello: 'Dear {{customer.name}},',
    body: 'Your order {{order}} has been delivered. It came later than we promised, and we apologise for the wait and the trouble it caused you.',
    ask: 'Would you tell us how we handled it? One question, a minute of your time.',
    button: 'Answer the question',
    sms: 'Order {{order}} delivered. Sorry it was late. How did we handle it? {{survey_url}}',
  }),
  ru: message({
    subject: 'Ваш заказ {{order}} доставлен — простите за задержку',
    hello: 'Здравствуйте, {{customer.name}}!',
    body: 'Ваш заказ {{order}} доставлен. Он пришёл позже, чем мы обещали, и мы приносим извинения за ожидание и доставленные неудобства.',
    ask: 'Расскажите, как мы справились? Один вопрос, минута вашего времени.',
    button: 'Ответить на вопрос',
    sms: 'Заказ {{order}} доставлен. Простите за задержку. Как мы справились? {{survey_url}}',
  }),
  uk: message({
    subject: 'Ваше замовлення {{order}} доставлено — вибачте за затримку',
    hello: 'Вітаємо, {{customer.name}}!',
    body: 'Ваше замовлення {{order}} доставлено. Воно прийшло пізніше, ніж ми обіцяли, і ми просимо вибачення за очікування та незручності.',
    ask: 'Розкажіть, як ми впоралися? Одне питання, хвилина вашого часу.',
    button: 'Відповісти на питання',
    sms: 'Замовлення {{order}} доставлено. Вибачте за затримку. Як ми впоралися? {{survey_url}}',
  }),
  sv: message({
    subject: 'Din order {{order}} har kommit fram — förlåt att den blev sen',
    hello: 'Hej {{customer.name}},',
    body: 'Din order {{order}} har levererats. Den kom senare än vi lovade, och vi ber om ursäkt för väntan och besväret.',
    ask: 'Vill du berätta hur vi hanterade det? En fråga, en minut av din tid.',
    button: 'Svara på frågan',
    sms: 'Order {{order}} levererad. Förlåt att den blev sen. Hur skötte vi det? {{survey_url}}',
  }),
};

export async function installDeliveredApologyTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, { key: DELIVERED_APOLOGY, description: 'Delivered after a delay: an apology and the CSAT survey, only to customers told of the delay (issue 15.4)', variables: VARIABLES });
  await installShippedTemplate(db, DELIVERED_APOLOGY, TEXTS);
}

let installed = false;

/**
 * The last message of a late order: once it is delivered, a customer who was told of the
 * delay (at least one notice went out) gets an apology with the CSAT survey's signed link,
 * on the channel they allow, once — `apology_at` marks it in the transaction that queues it.
 * Nobody who was never told hears of a delay now; a delay nobody could reach
 * (`apology_channel` 'none') is marked too, so it is not retried on every sweep and shows.
 */
export async function sendDeliveredApologies(tx: Db, ctx: AppContext, shipmentIds?: readonly number[], each = false): Promise<{ considered: number; queued: number; suppressed: number; queuedFor: number[] }> {
  const due = await tx.query<{ shipment_id: number; customer_id: number; language: string; order: string; channel: CustomerChannel | null }>(
    `SELECT d.shipment_id, c.id AS customer_id, c.language, o.external_id AS "order",
            ${DELAY_MESSAGE_CHANNEL} AS channel
     ${DELAY_CUSTOMER_JOINS}
     WHERE d.notices > 0 AND d.apology_at IS NULL
       AND (s.delivered_at IS NOT NULL OR s.status = 'delivered' OR s.delivery_status = 'delivered')
       AND ($1::bigint[] IS NULL OR d.shipment_id = ANY($1::bigint[]))
     ORDER BY d.shipment_id`,
    [shipmentIds ? [...shipmentIds] : null]);
  // With `each`, the shipments whose apology was queued, one entry per message.
  const summary = { considered: due.length, queued: 0, suppressed: 0, queuedFor: [] as number[] };
  if (!due.length) return summary;
  if (!installed) {
    // Workers install it at start; a CLI or test that never started them installs it here once.
    await installDeliveredApologyTemplates(tx);
    installed = true;
  }
  const reachable = due.filter((d) => d.channel);
  const invitations = await openSurveyInvitations(tx, ctx, {
    surveyKey: DELIVERY_SURVEY,
    caseType: 'delivery',
    invitations: reachable.map((d) => ({ customerId: Number(d.customer_id), caseId: deliverySurveyCase(Number(d.shipment_id)), caseReference: d.order })),
  });
  const urls = new Map(invitations.opened.map((o) => [o.caseId, o.url]));
  // A switched-off survey still leaves the apology; the link is left out, not invented.
  // The outbox keys a message by (channel, customer, campaign): a customer with two orders
  // delivered in one run gets each in its own round, so neither is taken for a duplicate.
  const rounds = new Map<string, { channel: CustomerChannel; round: number; recipients: ShipmentRecipient[] }>();
  const seen = new Map<number, number>();
  for (const d of reachable) {
    const customerId = Number(d.customer_id);
    const round = seen.get(customerId) ?? 0;
    seen.set(customerId, round + 1);
    const key = `${d.channel}:${round}`;
    if (!rounds.has(key)) rounds.set(key, { channel: d.channel!, round, recipients: [] });
    rounds.get(key)!.recipients.push({ customerId, shipmentId: Number(d.shipment_id), variables: { order: d.order, survey_url: urls.get(deliverySurveyCase(Number(d.shipment_id))) ?? '' } });
  }
  for (const { channel, round, recipients } of rounds.values()) {
    const sent = await enqueueAboutShipments(tx, ctx, {
      templateKey: DELIVERED_APOLOGY,
      channels: channel,
      campaign: `delivery-apology:${ctx.clock.now().toISOString()}:${round}`,
      reason: 'delivery.delivered_apology',
      kind: 'service',
      priority: 50,
    }, recipients, each);
    summary.queued += sent.queued;
    summary.suppressed += sent.suppressed;
    for (const o of sent.outcomes) if (o.status === 'queued') summary.queuedFor.push(o.shipmentId);
  }
  await tx.query(
    `UPDATE delivery_delays d SET apology_at = $3, apology_channel = coalesce(u.channel, 'none')
     FROM unnest($1::bigint[], $2::text[]) AS u(shipment_id, channel) WHERE d.shipment_id = u.shipment_id`,
    [due.map((d) => d.shipment_id), due.map((d) => d.channel), ctx.clock.now()]);
  return summary;
}

import { declareTemplateKey, enqueueContactMessages, enqueueWebhook } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import { publicUrl } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { ALERTED_USERS_SQL } from '../activation/staff-reach.ts';
import { partnerReach } from './partner-reach.ts';
import { partnerConfirmations, storeConfirmationUrl } from './store-confirmations.ts';
import { partnerStores } from './notify-partners.ts';

export const RECALL_PARTNER_REMINDER = 'recall.partner_reminder';
export const RECALL_PARTNER_ESCALATION = 'recall.partner_escalation';
/** Who is told about a silent partner that has no account owner (or whose owner left). */
const FALLBACK_ROLE = 'manager';

const asLanguage = (value: string | null): Language => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');

const text = (subject: string, lines: string[]): TemplateTexts => ({
  email_subject: subject,
  email_html: lines.map((l) => (l.includes('{{stores}}') ? '<p style="white-space:pre-line;font-family:monospace">{{stores}}</p>' : `<p>${l}</p>`)).join(''),
  email_text: `${lines.join('\n\n')}\n`,
  sms_text: null,
});

const REMINDER: Record<Language, TemplateTexts> = {
  en: text('Reminder — recall {{reference}}: please confirm the removal', ['Dear {{customer.name}},', 'We have not heard from these locations about recall {{reference}} ({{title}}). Please confirm the lots are off the shelves with the units you counted, or that you had none, through each store’s link:', '{{stores}}']),
  ru: text('Напоминание — отзыв {{reference}}: подтвердите снятие с продажи', ['{{customer.name}}, здравствуйте!', 'Эти точки ещё не ответили по отзыву {{reference}} ({{title}}). Подтвердите, что партии сняты с полок, и укажите пересчитанное количество или что товара не было — по ссылке каждой точки:', '{{stores}}']),
  uk: text('Нагадування — відкликання {{reference}}: підтвердіть зняття з продажу', ['{{customer.name}}, вітаємо!', 'Ці точки ще не відповіли щодо відкликання {{reference}} ({{title}}). Підтвердьте, що партії зняті з полиць, і вкажіть перераховану кількість або що товару не було — за посиланням кожної точки:', '{{stores}}']),
  sv: text('Påminnelse — återkallelse {{reference}}: bekräfta borttagningen', ['Hej {{customer.name}},', 'Vi har inte hört från dessa butiker om återkallelse {{reference}} ({{title}}). Bekräfta att partierna är borttagna med antalet ni räknat, eller att ni inte hade några, via varje butiks länk:', '{{stores}}']),
};

const ESCALATION: Record<Language, TemplateTexts> = {
  en: text('Recall {{reference}}: {{partner}} has not confirmed the removal', ['Dear {{customer.name}},', '{{partner}}, a partner you look after, was reminded and has still not confirmed that the lots of recall {{reference}} ({{title}}) are off the shelves at these locations:', '{{stores}}', 'Please call them. The recall in the console: {{console_url}}']),
  ru: text('Отзыв {{reference}}: {{partner}} не подтвердил снятие с продажи', ['{{customer.name}}, здравствуйте!', 'Партнёр {{partner}}, которого вы ведёте, получил напоминание, но так и не подтвердил, что партии отзыва {{reference}} ({{title}}) сняты с полок в этих точках:', '{{stores}}', 'Пожалуйста, свяжитесь с ним. Отзыв в консоли: {{console_url}}']),
  uk: text('Відкликання {{reference}}: {{partner}} не підтвердив зняття з продажу', ['{{customer.name}}, вітаємо!', 'Партнер {{partner}}, якого ви ведете, отримав нагадування, але так і не підтвердив, що партії відкликання {{reference}} ({{title}}) зняті з полиць у цих точках:', '{{stores}}', 'Будь ласка, зв’яжіться з ним. Відкликання в консолі: {{console_url}}']),
  sv: text('Återkallelse {{reference}}: {{partner}} har inte bekräftat borttagningen', ['Hej {{customer.name}},', '{{partner}}, en partner du ansvarar för, har påmints men har fortfarande inte bekräftat att partierna i återkallelse {{reference}} ({{title}}) är borttagna i dessa butiker:', '{{stores}}', 'Ring dem, tack. Återkallelsen i konsolen: {{console_url}}']),
};

export async function installPartnerFollowupTemplates(db: Db): Promise<void> {
  const common = {
    reference: { description: 'The recall reference', sample: 'RC-2026-0001' },
    title: { description: 'The recall title', sample: 'Kefir 2.5% lot L2611' },
  };
  await declareTemplateKey(db, {
    key: RECALL_PARTNER_REMINDER,
    description: 'A reminder to a retail chain or distributor whose stores have not confirmed the removal (R5)',
    variables: { ...common, stores: { description: 'The silent locations, each with its confirmation link', sample: 'Store 7 (S007): https://rebound.example/p/store-confirm?token=…' } },
  });
  await declareTemplateKey(db, {
    key: RECALL_PARTNER_ESCALATION,
    description: "The partner's account owner told that the partner stays silent after the reminder (R5)",
    variables: {
      ...common,
      partner: { description: 'The chain or distributor', sample: "Hartwell's" },
      stores: { description: 'The silent locations', sample: 'Store 7 (S007)' },
      console_url: { description: 'The recall in the console', sample: 'https://rebound.example/console/recalls/1' },
    },
  });
  for (const [key, texts] of [[RECALL_PARTNER_REMINDER, REMINDER], [RECALL_PARTNER_ESCALATION, ESCALATION]] as const) {
    for (const [language, t] of Object.entries(texts) as [Language, TemplateTexts][]) {
      if (!(await getTemplate(db, key, language))) await saveTemplate(db, key, language, t, 'rebound');
    }
  }
}

async function activeRecall(tx: Db, recallId: number) {
  const [recall] = await tx.query<{ reference: string; title: string; status: string }>('SELECT reference, title, status FROM recalls WHERE id = $1', [recallId]);
  return recall?.status === 'active' ? recall : null;
}

/**
 * The recall process's first follow-up timer: every partner with a store still silent is
 * written to again — by e-mail to its contact and webhook to its endpoint — listing only
 * those stores with fresh signed links. Keyed per recall and partner, so a retried step
 * reminds once; a partner the recall could not reach at all stays on the dashboard's
 * "unreached" list instead (it has nowhere to be reminded).
 */
export async function remindSilentPartners(tx: Db, ctx: AppContext, recallId: number) {
  const recall = await activeRecall(tx, recallId);
  if (!recall) return { reminded: 0, silent: 0, unreachable: [] as string[] };
  const silent = (await partnerConfirmations(tx, recallId)).filter((p) => p.stores_pending.length > 0);
  const reach = new Map((await partnerReach(tx, (await partnerStores(tx, recallId)).filter((p) => silent.some((s) => s.partner === p.partner)))).map((r) => [r.partner, r]));
  const endpoints = new Map((await tx.query<{ partner: string; webhook_endpoint_id: number | null }>(
    'SELECT partner, webhook_endpoint_id FROM recall_partners WHERE partner = ANY ($1::text[])', [silent.map((s) => s.partner)])).map((p) => [p.partner, p.webhook_endpoint_id]));
  const summary = { reminded: 0, silent: silent.length, unreachable: [] as string[] };
  for (const partner of silent) {
    const decision = reach.get(partner.partner);
    if (!decision?.reached) {
      summary.unreachable.push(partner.partner);
      continue;
    }
    const stores = partner.stores_pending.map((s) => ({ ...s, confirm_url: storeConfirmationUrl(ctx, recallId, s.external_id) }));
    const key = `recall:${recall.reference}:partner:${partner.partner}:reminder`;
    if (decision.channels.includes('email') && decision.contact_email) {
      await enqueueContactMessages(tx, ctx, {
        recipients: [{ address: decision.contact_email, name: partner.partner, language: 'en', variables: { reference: recall.reference, title: recall.title, stores: stores.map((s) => `${s.name} (${s.external_id}): ${s.confirm_url}`).join('\n') } }],
        templateKey: RECALL_PARTNER_REMINDER, campaign: key, reason: 'recall.partner_reminder', resource: { type: 'recall', id: recallId }, priority: 80,
      });
    }
    const endpointId = decision.channels.includes('webhook') ? endpoints.get(partner.partner) : null;
    if (endpointId) {
      await enqueueWebhook(tx, ctx, {
        endpointId, event: 'recall.partner_reminder', deliveryKey: key, reason: 'recall.partner_reminder', resource: { type: 'recall', id: recallId },
        payload: { recall: { reference: recall.reference, title: recall.title }, partner: partner.partner, silent_locations: stores, action: `Confirm the removal per location at confirm_url, or POST /api/recalls/${recallId}/store-confirmations.` },
      });
    }
    await tx.query(
      `INSERT INTO recall_partner_followups (recall_id, partner, reminded_at) VALUES ($1, $2, $3)
       ON CONFLICT (recall_id, partner) DO UPDATE SET reminded_at = coalesce(recall_partner_followups.reminded_at, excluded.reminded_at)`,
      [recallId, partner.partner, ctx.clock.now()]);
    summary.reminded++;
  }
  return summary;
}

/**
 * The second follow-up timer: a partner with a store still silent after the reminder is
 * escalated to its account owner by e-mail (their language), or — with no owner, or one no
 * longer active — to every manager, and the dashboard says which. Unreachable partners are
 * escalated too: the owner is the one who can phone them.
 */
export async function escalateSilentPartners(tx: Db, ctx: AppContext, recallId: number) {
  const recall = await activeRecall(tx, recallId);
  if (!recall) return { escalated: 0, to_owner: 0, to_managers: 0 };
  const silent = (await partnerConfirmations(tx, recallId)).filter((p) => p.stores_pending.length > 0);
  const owners = new Map((await tx.query<{ partner: string; email: string; name: string; language: string }>(
    `SELECT p.partner, u.email, u.name, u.language FROM recall_partners p JOIN users u ON u.id = p.account_owner_id
     WHERE p.partner = ANY ($1::text[]) AND u.disabled_at IS NULL`, [silent.map((s) => s.partner)])).map((o) => [o.partner, o]));
  const managers = await tx.query<{ email: string; name: string; language: string }>(ALERTED_USERS_SQL, [[FALLBACK_ROLE]]);
  const summary = { escalated: 0, to_owner: 0, to_managers: 0 };
  for (const partner of silent) {
    const owner = owners.get(partner.partner);
    const recipients = owner ? [owner] : managers;
    const variables = { reference: recall.reference, title: recall.title, partner: partner.partner, stores: partner.stores_pending.map((s) => `${s.name} (${s.external_id})`).join('\n'), console_url: `${publicUrl(ctx.config)}/console/recalls/${recallId}` };
    await enqueueContactMessages(tx, ctx, {
      recipients: recipients.map((r) => ({ address: r.email, name: r.name, language: asLanguage(r.language), variables })),
      templateKey: RECALL_PARTNER_ESCALATION, campaign: `recall:${recall.reference}:partner:${partner.partner}:escalation`, reason: 'recall.partner_escalation', resource: { type: 'recall', id: recallId }, priority: 90,
    });
    await tx.query(
      `INSERT INTO recall_partner_followups (recall_id, partner, escalated_at, escalated_to) VALUES ($1, $2, $3, $4)
       ON CONFLICT (recall_id, partner) DO UPDATE SET escalated_at = coalesce(recall_partner_followups.escalated_at, excluded.escalated_at),
         escalated_to = coalesce(recall_partner_followups.escalated_to, excluded.escalated_to)`,
      // Nobody to tell is said on the dashboard, never passed over as escalated.
      [recallId, partner.partner, ctx.clock.now(), owner ? owner.email : recipients.length ? `role:${FALLBACK_ROLE}` : 'nobody: no account owner and no active manager']);
    summary.escalated++;
    if (owner) summary.to_owner++;
    else summary.to_managers++;
  }
  return summary;
}

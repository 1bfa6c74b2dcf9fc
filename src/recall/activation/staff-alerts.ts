import { textIn } from '../recall-definition.ts';
import { declareTemplateKey, enqueueContactMessages } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import { publicUrl } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AFFECTED_LINES_CTE } from '../affected.sql.ts';
import { recordReach } from '../reach-record.sql.ts';
import { ALERTED_USERS_SQL, staffReach } from './staff-reach.ts';

export const RECALL_STAFF_ALERT = 'recall.staff_alert';
export const RECALL_PARTNER_NOTICE = 'recall.partner_notice';

const asLanguage = (value: string | null): Language => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');

const STAFF: Record<Language, TemplateTexts> = {
  en: {
    email_subject: 'Recall {{reference}} is active (class {{classification}}): {{title}}',
    email_html: '<p>Dear {{customer.name}},</p><p>Recall <strong>{{reference}}</strong> — {{title}} — is active. Reason: {{reason}}.</p><p>{{lots}} lots are blocked at every till; {{consumers}} identified consumers are being told personally.</p><p>Your tasks and the dashboard: <a href="{{console_url}}">{{console_url}}</a></p>',
    email_text: 'Dear {{customer.name}},\n\nRecall {{reference}} — {{title}} — is active. Reason: {{reason}}.\n\n{{lots}} lots are blocked at every till; {{consumers}} identified consumers are being told personally.\n\nYour tasks and the dashboard: {{console_url}}\n',
    sms_text: null,
  },
  ru: {
    email_subject: 'Отзыв {{reference}} активен (класс {{classification}}): {{title}}',
    email_html: '<p>{{customer.name}}, здравствуйте!</p><p>Отзыв <strong>{{reference}}</strong> — {{title}} — активен. Причина: {{reason}}.</p><p>Партий заблокировано на всех кассах: {{lots}}; известным покупателям ({{consumers}}) отправляются личные сообщения.</p><p>Ваши задачи и панель: <a href="{{console_url}}">{{console_url}}</a></p>',
    email_text: '{{customer.name}}, здравствуйте!\n\nОтзыв {{reference}} — {{title}} — активен. Причина: {{reason}}.\n\nПартий заблокировано на всех кассах: {{lots}}; известным покупателям ({{consumers}}) отправляются личные сообщения.\n\nВаши задачи и панель: {{console_url}}\n',
    sms_text: null,
  },
  uk: {
    email_subject: 'Відкликання {{reference}} активне (клас {{classification}}): {{title}}',
    email_html: '<p>{{customer.name}}, вітаємо!</p><p>Відкликання <strong>{{reference}}</strong> — {{title}} — активне. Причина: {{reason}}.</p><p>Партій заблоковано на всіх касах: {{lots}}; відомим покупцям ({{consumers}}) надсилаються особисті повідомлення.</p><p>Ваші завдання і панель: <a href="{{console_url}}">{{console_url}}</a></p>',
    email_text: '{{customer.name}}, вітаємо!\n\nВідкликання {{reference}} — {{title}} — активне. Причина: {{reason}}.\n\nПартій заблоковано на всіх касах: {{lots}}; відомим покупцям ({{consumers}}) надсилаються особисті повідомлення.\n\nВаші завдання і панель: {{console_url}}\n',
    sms_text: null,
  },
  sv: {
    email_subject: 'Återkallelse {{reference}} är aktiv (klass {{classification}}): {{title}}',
    email_html: '<p>Hej {{customer.name}},</p><p>Återkallelse <strong>{{reference}}</strong> — {{title}} — är aktiv. Orsak: {{reason}}.</p><p>{{lots}} batcher är spärrade i alla kassor; {{consumers}} kända konsumenter får personliga meddelanden.</p><p>Dina uppgifter och översikten: <a href="{{console_url}}">{{console_url}}</a></p>',
    email_text: 'Hej {{customer.name}},\n\nÅterkallelse {{reference}} — {{title}} — är aktiv. Orsak: {{reason}}.\n\n{{lots}} batcher är spärrade i alla kassor; {{consumers}} kända konsumenter får personliga meddelanden.\n\nDina uppgifter och översikten: {{console_url}}\n',
    sms_text: null,
  },
};

const partner = (w: { subject: string; hello: string; recalling: string; reason: string; ask: string }): TemplateTexts => ({
  email_subject: w.subject,
  email_html: `<p>${w.hello}</p><p>${w.recalling} ${w.reason}</p><p><strong>${w.ask}</strong></p><p style="white-space:pre-line;font-family:monospace">{{locations}}</p>`,
  email_text: `${w.hello}\n\n${w.recalling.replace(/<\/?strong>/g, '')} ${w.reason}\n\n${w.ask}\n\n{{locations}}\n`,
  sms_text: null,
});

/** A retail chain or distributor is written to in its contact's language, like staff. */
const PARTNER: Record<Language, TemplateTexts> = {
  en: partner({
    subject: 'Recall {{reference}}: stop selling these lots at your locations',
    hello: 'Dear {{customer.name}},',
    recalling: 'We are recalling <strong>{{title}}</strong> ({{reference}}, class {{classification}}).',
    reason: 'Reason: {{reason}}.',
    ask: 'Please stop selling the lots below at once, take them off the shelves and report returned units to us.',
  }),
  ru: partner({
    subject: 'Отзыв {{reference}}: остановите продажу этих партий в ваших точках',
    hello: '{{customer.name}}, здравствуйте!',
    recalling: 'Мы отзываем <strong>{{title}}</strong> ({{reference}}, класс {{classification}}).',
    reason: 'Причина: {{reason}}.',
    ask: 'Пожалуйста, немедленно остановите продажу партий ниже, снимите их с полок и сообщите нам о возвращённых единицах.',
  }),
  uk: partner({
    subject: 'Відкликання {{reference}}: зупиніть продаж цих партій у ваших точках',
    hello: '{{customer.name}}, вітаємо!',
    recalling: 'Ми відкликаємо <strong>{{title}}</strong> ({{reference}}, клас {{classification}}).',
    reason: 'Причина: {{reason}}.',
    ask: 'Будь ласка, негайно зупиніть продаж партій нижче, зніміть їх з полиць і повідомте нам про повернені одиниці.',
  }),
  sv: partner({
    subject: 'Återkallelse {{reference}}: sluta sälja dessa partier i era butiker',
    hello: 'Hej {{customer.name}},',
    recalling: 'Vi återkallar <strong>{{title}}</strong> ({{reference}}, klass {{classification}}).',
    reason: 'Orsak: {{reason}}.',
    ask: 'Sluta sälja partierna nedan omedelbart, ta bort dem från hyllorna och rapportera returnerade enheter till oss.',
  }),
};

export async function installStaffAlertTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: RECALL_STAFF_ALERT,
    description: 'The e-mail alert to staff by role when a recall is activated (R5)',
    variables: {
      reference: { description: 'The recall reference', sample: 'RC-2026-0001' },
      title: { description: 'The recall title', sample: 'Kefir 2.5% lot L2611' },
      classification: { description: 'I, II or III', sample: 'I' },
      reason: { description: 'Why', sample: 'Listeria in a retained sample' },
      lots: { description: 'Lots blocked', sample: '3' },
      consumers: { description: 'Identified consumers', sample: '1,204' },
      console_url: { description: 'The recall in the console', sample: 'https://rebound.example/console/recalls/1' },
    },
  });
  await declareTemplateKey(db, {
    key: RECALL_PARTNER_NOTICE,
    description: "The e-mail to a retail chain or distributor about its own locations (R5)",
    variables: {
      reference: { description: 'The recall reference', sample: 'RC-2026-0001' },
      title: { description: 'The recall title', sample: 'Kefir 2.5% lot L2611' },
      classification: { description: 'I, II or III', sample: 'I' },
      reason: { description: 'Why', sample: 'Listeria in a retained sample' },
      locations: { description: "The partner's own locations, lots and quantities, one per line", sample: 'Store 7 (GLN 7350000000007): lot L2611 — received 120, sold 80, on the shelf 40' },
    },
  });
  for (const [language, texts] of Object.entries(STAFF) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, RECALL_STAFF_ALERT, language))) await saveTemplate(db, RECALL_STAFF_ALERT, language, texts, 'rebound');
  }
  for (const [language, texts] of Object.entries(PARTNER) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, RECALL_PARTNER_NOTICE, language))) await saveTemplate(db, RECALL_PARTNER_NOTICE, language, texts, 'rebound');
  }
}

/**
 * Internal alerts by role (R5): every active user holding one of `roles` gets an e-mail in
 * their language, besides the tasks the process gives them. Contact mail through the outbox:
 * keyed per recall and address, so the engine's retry — or a resend from the dashboard after
 * someone was given an empty role — never sends anyone a second. A role nobody holds is
 * recorded as unreached (recall_reach), for the dashboard to show, not passed over.
 */
export async function alertStaff(tx: Db, ctx: AppContext, recallId: number, roles: string[]) {
  const [recall] = await tx.query<{ reference: string; title: string; title_translations: Record<string, string>; classification: string; reason: string; reason_translations: Record<string, string> }>(
    'SELECT reference, title, title_translations, classification, reason, reason_translations FROM recalls WHERE id = $1', [recallId]);
  const [counts] = await tx.query<{ lots: number; consumers: number }>(
    `WITH ${AFFECTED_LINES_CTE} SELECT (SELECT count(*) FROM affected_lots)::int AS lots, (SELECT count(DISTINCT customer_id) FROM affected_lines WHERE customer_id IS NOT NULL)::int AS consumers`, [recallId]);
  const users = await tx.query<{ email: string; name: string; language: string }>(ALERTED_USERS_SQL, [roles]);
  const variables = {
    reference: recall!.reference, classification: recall!.classification,
    lots: String(counts!.lots), consumers: String(counts!.consumers), console_url: `${publicUrl(ctx.config)}/console/recalls/${recallId}`,
  };
  const sent = await enqueueContactMessages(tx, ctx, {
    recipients: users.map((u) => ({
      address: u.email, name: u.name, language: asLanguage(u.language),
      variables: { ...variables, title: textIn(asLanguage(u.language), recall!.title, recall!.title_translations), reason: textIn(asLanguage(u.language), recall!.reason, recall!.reason_translations) },
    })),
    templateKey: RECALL_STAFF_ALERT, campaign: `recall:${recall!.reference}:staff`, reason: 'recall.staff_alert', resource: { type: 'recall', id: recallId }, priority: 90,
  });
  const groups = await staffReach(tx, roles);
  await recordReach(tx, ctx.clock, recallId, 'staff', groups.map((g) => ({ name: g.role, reached: g.reached, recipients: g.users, reason: g.reason })));
  return { users: users.length, queued: sent.queued, failed: sent.failed, unreached_roles: groups.filter((g) => !g.reached).map((g) => g.role) };
}

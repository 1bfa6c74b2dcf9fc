import type { Db } from '../../platform/db/database.ts';
import { declareTemplateKey } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';

// The recall module's own key; comms ships a sample 'recall.notice' key for its own tests.
export const RECALL_NOTICE = 'recall.consumer_notice';

const VARIABLES = {
  reference: { description: 'The recall reference, e.g. RC-2026-0001', sample: 'RC-2026-0001' },
  product: { description: 'The recalled product(s) the customer bought', sample: 'Zorka Kefir 2.5% 900 g' },
  lots: { description: 'The lot(s) they bought with the use-by date printed on the pack, in their language', sample: 'lot 24113-1 (use by 20 December 2026)' },
  purchased: { description: 'Where and when they bought it, in their language', sample: '12 October 2026, Store 7' },
  reason: { description: 'Why the product is recalled', sample: 'Listeria found in a retained sample' },
  instructions: { description: 'What to do, in their language', sample: 'Do not eat it; return it to any store.' },
  offer: { description: 'Their compensation as a whole sentence, in their language (or how to claim a refund)', sample: 'To make up for it we offer you a voucher worth 258,00 kr: 7K2M-QX9D-R4TB-W1HZ (valid until 1 February 2027).' },
  landing_url: { description: 'The recall page in their language, with the signed proof that lets them claim their offer (keep it in the message: without it they must ask for a code)', sample: 'https://rebound.example/p/recall/RC-2026-0001?lang=sv&t=eyJwdXJwb3NlIjoicmVjYWxsLW9mZmVyIn0.sig' },
};

interface NoticeWords {
  subject: string;
  hello: string;
  bought: string;
  reason: string;
  todo: string;
  check: [string, string, string];
  pageLabel: string;
  referenceLabel: string;
  preferences: string;
  sms: string;
}

/**
 * One layout for the four languages, so they cannot drift apart: the greeting once, the
 * product with its lot and use-by date, what to do, the offer as its own sentence, and a
 * link to the customer's contact preferences. A safety notice has no marketing unsubscribe
 * (R13, Art. 35): it is not a list one leaves.
 */
const notice = (w: NoticeWords): TemplateTexts => ({
  email_subject: w.subject,
  email_html:
    `<p>${w.hello}</p><p>${w.bought}</p><p>${w.reason}</p>` +
    `<p><strong>${w.todo}</strong> {{instructions}}</p><p>{{offer}}</p>` +
    `<p>${w.check[0]}<a href="{{landing_url}}">${w.check[1]}</a>${w.check[2]}</p><p>${w.referenceLabel}: {{reference}}</p>` +
    `<p style="font-size:12px;color:#5f6b7a"><a href="{{preferences_url}}">${w.preferences}</a></p>`,
  email_text:
    `${w.hello}\n\n${w.bought.replace(/<\/?strong>/g, '')}\n\n${w.reason}\n\n${w.todo} {{instructions}}\n\n{{offer}}\n\n` +
    `${w.pageLabel}: {{landing_url}}\n${w.referenceLabel}: {{reference}}\n\n${w.preferences}: {{preferences_url}}\n`,
  sms_text: w.sms,
});

/**
 * The shipped notice in the four languages of the seeds. Written only where no template
 * exists yet, so a designer's edits in the console are never overwritten by a restart.
 */
const TEXTS: Record<Language, TemplateTexts> = {
  en: notice({
    subject: 'Important: recall of {{product}} ({{reference}})',
    hello: 'Dear {{customer.name}},',
    bought: 'We are sorry: the <strong>{{product}}</strong> you bought ({{purchased}}), {{lots}}, is being recalled.',
    reason: 'Reason: {{reason}}.',
    todo: 'What to do:',
    check: ['Check your product and find answers on ', 'the recall page', '.'],
    pageLabel: 'Recall page',
    referenceLabel: 'Recall reference',
    preferences: 'Manage your contact preferences',
    sms: 'Recall {{reference}}: do not use {{product}}, {{lots}}. {{instructions}} {{offer}} {{landing_url}}',
  }),
  ru: notice({
    subject: 'Важно: отзыв товара «{{product}}» ({{reference}})',
    hello: 'Здравствуйте, {{customer.name}}!',
    bought: 'Приносим извинения: товар <strong>«{{product}}»</strong>, который вы купили ({{purchased}}), {{lots}}, отзывается.',
    reason: 'Причина: {{reason}}.',
    todo: 'Что делать:',
    check: ['Проверить свой товар и найти ответы можно на ', 'странице отзыва', '.'],
    pageLabel: 'Страница отзыва',
    referenceLabel: 'Номер отзыва',
    preferences: 'Настроить способы связи',
    sms: 'Отзыв {{reference}}: не используйте «{{product}}», {{lots}}. {{instructions}} {{offer}} {{landing_url}}',
  }),
  uk: notice({
    subject: 'Важливо: відкликання товару «{{product}}» ({{reference}})',
    hello: 'Вітаємо, {{customer.name}}!',
    bought: 'Просимо вибачення: товар <strong>«{{product}}»</strong>, який ви придбали ({{purchased}}), {{lots}}, відкликається.',
    reason: 'Причина: {{reason}}.',
    todo: 'Що робити:',
    check: ['Перевірити свій товар і знайти відповіді можна на ', 'сторінці відкликання', '.'],
    pageLabel: 'Сторінка відкликання',
    referenceLabel: 'Номер відкликання',
    preferences: 'Налаштувати способи зв’язку',
    sms: 'Відкликання {{reference}}: не використовуйте «{{product}}», {{lots}}. {{instructions}} {{offer}} {{landing_url}}',
  }),
  sv: notice({
    subject: 'Viktigt: återkallelse av {{product}} ({{reference}})',
    hello: 'Hej {{customer.name}},',
    bought: 'Vi ber om ursäkt: <strong>{{product}}</strong> som du köpte ({{purchased}}), {{lots}}, återkallas.',
    reason: 'Orsak: {{reason}}.',
    todo: 'Så här gör du:',
    check: ['Kontrollera din produkt och hitta svar på ', 'sidan om återkallelsen', '.'],
    pageLabel: 'Sidan om återkallelsen',
    referenceLabel: 'Återkallelsenummer',
    preferences: 'Hantera dina kontaktinställningar',
    sms: 'Återkallelse {{reference}}: använd inte {{product}}, {{lots}}. {{instructions}} {{offer}} {{landing_url}}',
  }),
};

export async function installRecallNoticeTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, { key: RECALL_NOTICE, description: 'The personal recall notice to each identified consumer (R7)', variables: VARIABLES });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, RECALL_NOTICE, language))) await saveTemplate(db, RECALL_NOTICE, language, texts, 'rebound');
  }
}

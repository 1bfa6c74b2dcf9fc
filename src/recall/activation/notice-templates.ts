import type { Db } from '../../platform/db/database.ts';
import { declareTemplateKey } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';

// The recall module's own key; comms ships a sample 'recall.notice' key for its own tests.
export const RECALL_NOTICE = 'recall.consumer_notice';

const VARIABLES = {
  reference: { description: 'The recall reference, e.g. RC-2026-0001', sample: 'RC-2026-0001' },
  product: { description: 'The recalled product(s) the customer bought', sample: 'Ryazhenka Kefir 2.5% 1 l' },
  purchased: { description: 'Where and when they bought it, in their language', sample: '12 October 2026, Store 7' },
  reason: { description: 'Why the product is recalled', sample: 'Listeria found in a retained sample' },
  instructions: { description: 'What to do, in their language', sample: 'Do not eat it; return it to any store.' },
  offer: { description: 'Their compensation, in their language', sample: 'a voucher worth 258,00 kr: 7K2M-QX9D-R4TB-W1HZ' },
  landing_url: { description: 'The recall page in their language', sample: 'https://rebound.example/p/recall/RC-2026-0001?lang=sv' },
};

/**
 * The shipped notice in the four languages of the seeds. Written only where no template
 * exists yet, so a designer's edits in the console are never overwritten by a restart.
 */
const TEXTS: Record<Language, TemplateTexts> = {
  en: {
    email_subject: 'Important: recall of {{product}} ({{reference}})',
    email_html:
      '<p>Dear {{customer.name}},</p><p>We are sorry: the <strong>{{product}}</strong> you bought ({{purchased}}) is being recalled. Reason: {{reason}}.</p>' +
      '<p><strong>What to do:</strong> {{instructions}}</p><p>To make up for it we offer you {{offer}}.</p>' +
      '<p>Check your product and find answers on <a href="{{landing_url}}">the recall page</a>.</p><p>Recall reference: {{reference}}</p>' +
      '<p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
    email_text:
      'Dear {{customer.name}},\n\nWe are sorry: the {{product}} you bought ({{purchased}}) is being recalled. Reason: {{reason}}.\n\nWhat to do: {{instructions}}\n\n' +
      'To make up for it we offer you {{offer}}.\n\nRecall page: {{landing_url}}\nRecall reference: {{reference}}\n\nUnsubscribe: {{unsubscribe_url}}\n',
    sms_text: 'Recall {{reference}}: do not use {{product}}. {{instructions}} Your compensation: {{offer}}. {{landing_url}}',
  },
  ru: {
    email_subject: 'Важно: отзыв товара «{{product}}» ({{reference}})',
    email_html:
      '<p>Здравствуйте, {{customer.name}}!</p><p>Приносим извинения: товар <strong>«{{product}}»</strong>, который вы купили ({{purchased}}), отзывается. Причина: {{reason}}.</p>' +
      '<p><strong>Что делать:</strong> {{instructions}}</p><p>В качестве компенсации мы предлагаем вам {{offer}}.</p>' +
      '<p>Проверить свой товар и найти ответы можно на <a href="{{landing_url}}">странице отзыва</a>.</p><p>Номер отзыва: {{reference}}</p>' +
      '<p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Отписаться</a></p>',
    email_text:
      'Здравствуйте, {{customer.name}}!\n\nПриносим извинения: товар «{{product}}», который вы купили ({{purchased}}), отзывается. Причина: {{reason}}.\n\nЧто делать: {{instructions}}\n\n' +
      'В качестве компенсации мы предлагаем вам {{offer}}.\n\nСтраница отзыва: {{landing_url}}\nНомер отзыва: {{reference}}\n\nОтписаться: {{unsubscribe_url}}\n',
    sms_text: 'Отзыв {{reference}}: не используйте «{{product}}». {{instructions}} Компенсация: {{offer}}. {{landing_url}}',
  },
  uk: {
    email_subject: 'Важливо: відкликання товару «{{product}}» ({{reference}})',
    email_html:
      '<p>Вітаємо, {{customer.name}}!</p><p>Просимо вибачення: товар <strong>«{{product}}»</strong>, який ви придбали ({{purchased}}), відкликається. Причина: {{reason}}.</p>' +
      '<p><strong>Що робити:</strong> {{instructions}}</p><p>Як компенсацію ми пропонуємо вам {{offer}}.</p>' +
      '<p>Перевірити свій товар і знайти відповіді можна на <a href="{{landing_url}}">сторінці відкликання</a>.</p><p>Номер відкликання: {{reference}}</p>' +
      '<p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Відписатися</a></p>',
    email_text:
      'Вітаємо, {{customer.name}}!\n\nПросимо вибачення: товар «{{product}}», який ви придбали ({{purchased}}), відкликається. Причина: {{reason}}.\n\nЩо робити: {{instructions}}\n\n' +
      'Як компенсацію ми пропонуємо вам {{offer}}.\n\nСторінка відкликання: {{landing_url}}\nНомер відкликання: {{reference}}\n\nВідписатися: {{unsubscribe_url}}\n',
    sms_text: 'Відкликання {{reference}}: не використовуйте «{{product}}». {{instructions}} Компенсація: {{offer}}. {{landing_url}}',
  },
  sv: {
    email_subject: 'Viktigt: återkallelse av {{product}} ({{reference}})',
    email_html:
      '<p>Hej {{customer.name}},</p><p>Vi ber om ursäkt: <strong>{{product}}</strong> som du köpte ({{purchased}}) återkallas. Orsak: {{reason}}.</p>' +
      '<p><strong>Så här gör du:</strong> {{instructions}}</p><p>Som kompensation erbjuder vi dig {{offer}}.</p>' +
      '<p>Kontrollera din produkt och hitta svar på <a href="{{landing_url}}">sidan om återkallelsen</a>.</p><p>Återkallelsenummer: {{reference}}</p>' +
      '<p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Avregistrera dig</a></p>',
    email_text:
      'Hej {{customer.name}},\n\nVi ber om ursäkt: {{product}} som du köpte ({{purchased}}) återkallas. Orsak: {{reason}}.\n\nSå här gör du: {{instructions}}\n\n' +
      'Som kompensation erbjuder vi dig {{offer}}.\n\nSidan om återkallelsen: {{landing_url}}\nÅterkallelsenummer: {{reference}}\n\nAvregistrera dig: {{unsubscribe_url}}\n',
    sms_text: 'Återkallelse {{reference}}: använd inte {{product}}. {{instructions}} Kompensation: {{offer}}. {{landing_url}}',
  },
};

export async function installRecallNoticeTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, { key: RECALL_NOTICE, description: 'The personal recall notice to each identified consumer (R7)', variables: VARIABLES });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, RECALL_NOTICE, language))) await saveTemplate(db, RECALL_NOTICE, language, texts, 'rebound');
  }
}

import type { Db } from '../../platform/db/database.ts';
import { ensureDefaultTemplates } from './default-templates.ts';
import { getTemplateKey } from './template-keys.sql.ts';

/**
 * Texts Rebound ships for its built-in keys in all four languages, so that the demo
 * mailbox shows each customer the message in their own language from the first send.
 * Installed only where a language has no text yet; designers' edits stay.
 */
const RECALL_NOTICE = {
  en: {
    email_subject: 'Important safety notice: {{product_name}}',
    email_html: '<p>Dear {{customer.name}},</p><p>You bought <strong>{{product_name}}</strong> (lot {{lot_code}}) at {{store_name}} on {{purchase_date}}. We are recalling this lot: {{cause}}.</p><p><strong>What to do:</strong> {{instructions}}</p><p>We are sorry. As an apology we offer you {{offer}}.</p><p><a href="{{recall_url}}">Details and how to claim</a></p>',
    email_text: 'Dear {{customer.name}},\n\nYou bought {{product_name}} (lot {{lot_code}}) at {{store_name}} on {{purchase_date}}. We are recalling this lot: {{cause}}.\n\nWhat to do: {{instructions}}\n\nWe are sorry. As an apology we offer you {{offer}}.\n\nDetails and how to claim: {{recall_url}}',
    sms_text: 'Safety recall: {{product_name}}, lot {{lot_code}}. {{instructions}} {{recall_url}}',
  },
  ru: {
    email_subject: 'Важное уведомление о безопасности: {{product_name}}',
    email_html: '<p>Здравствуйте, {{customer.name}}!</p><p>Вы купили <strong>{{product_name}}</strong> (партия {{lot_code}}) в магазине {{store_name}} {{purchase_date}}. Мы отзываем эту партию: {{cause}}.</p><p><strong>Что сделать:</strong> {{instructions}}</p><p>Приносим извинения. В качестве компенсации предлагаем вам {{offer}}.</p><p><a href="{{recall_url}}">Подробности и получение компенсации</a></p>',
    email_text: 'Здравствуйте, {{customer.name}}!\n\nВы купили {{product_name}} (партия {{lot_code}}) в магазине {{store_name}} {{purchase_date}}. Мы отзываем эту партию: {{cause}}.\n\nЧто сделать: {{instructions}}\n\nПриносим извинения. В качестве компенсации предлагаем вам {{offer}}.\n\nПодробности: {{recall_url}}',
    sms_text: 'Отзыв товара: {{product_name}}, партия {{lot_code}}. {{instructions}} {{recall_url}}',
  },
  uk: {
    email_subject: 'Важливе повідомлення про безпеку: {{product_name}}',
    email_html: '<p>Вітаємо, {{customer.name}}!</p><p>Ви придбали <strong>{{product_name}}</strong> (партія {{lot_code}}) у магазині {{store_name}} {{purchase_date}}. Ми відкликаємо цю партію: {{cause}}.</p><p><strong>Що зробити:</strong> {{instructions}}</p><p>Просимо вибачення. Як компенсацію пропонуємо вам {{offer}}.</p><p><a href="{{recall_url}}">Подробиці та отримання компенсації</a></p>',
    email_text: 'Вітаємо, {{customer.name}}!\n\nВи придбали {{product_name}} (партія {{lot_code}}) у магазині {{store_name}} {{purchase_date}}. Ми відкликаємо цю партію: {{cause}}.\n\nЩо зробити: {{instructions}}\n\nПросимо вибачення. Як компенсацію пропонуємо вам {{offer}}.\n\nПодробиці: {{recall_url}}',
    sms_text: 'Відкликання товару: {{product_name}}, партія {{lot_code}}. {{instructions}} {{recall_url}}',
  },
  sv: {
    email_subject: 'Viktigt säkerhetsmeddelande: {{product_name}}',
    email_html: '<p>Hej {{customer.name}},</p><p>Du köpte <strong>{{product_name}}</strong> (parti {{lot_code}}) hos {{store_name}} den {{purchase_date}}. Vi återkallar detta parti: {{cause}}.</p><p><strong>Gör så här:</strong> {{instructions}}</p><p>Vi ber om ursäkt. Som kompensation erbjuder vi dig {{offer}}.</p><p><a href="{{recall_url}}">Mer information och ersättning</a></p>',
    email_text: 'Hej {{customer.name}},\n\nDu köpte {{product_name}} (parti {{lot_code}}) hos {{store_name}} den {{purchase_date}}. Vi återkallar detta parti: {{cause}}.\n\nGör så här: {{instructions}}\n\nVi ber om ursäkt. Som kompensation erbjuder vi dig {{offer}}.\n\nMer information: {{recall_url}}',
    sms_text: 'Återkallelse: {{product_name}}, parti {{lot_code}}. {{instructions}} {{recall_url}}',
  },
};

export async function ensureShippedTemplates(db: Db): Promise<void> {
  const key = await getTemplateKey(db, 'recall.notice');
  if (key) await ensureDefaultTemplates(db, key, RECALL_NOTICE);
}

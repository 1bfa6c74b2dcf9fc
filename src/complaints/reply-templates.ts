import { declareTemplateKey } from '../comms/index.ts';
import { getTemplate, saveTemplate } from '../comms/templates/templates.sql.ts';
import type { Language } from '../comms/templates/languages.ts';
import type { TemplateTexts } from '../comms/templates/template-fields.ts';
import type { Db } from '../platform/db/database.ts';

export const COMPLAINT_REPLY = 'complaint.reply';

const reply = (hello: string, about: string, sign: string): TemplateTexts => ({
  email_subject: `${about} {{reference}}`,
  email_html: `<p>${hello}</p><p style="white-space:pre-line">{{reply}}</p><p>${sign}</p><p style="font-size:12px;color:#555">{{reference}}</p>`,
  email_text: `${hello}\n\n{{reply}}\n\n${sign}\n{{reference}}\n`,
  sms_text: '{{reference}}: {{reply}}',
});

const TEXTS: Record<Language, TemplateTexts> = {
  en: reply('Dear {{customer.name}},', 'Your complaint', 'Customer care'),
  ru: reply('Здравствуйте, {{customer.name}}!', 'Ваше обращение', 'Служба заботы о клиентах'),
  uk: reply('Вітаємо, {{customer.name}}!', 'Ваше звернення', 'Служба турботи про клієнтів'),
  sv: reply('Hej {{customer.name}},', 'Ditt klagomål', 'Kundtjänst'),
};

/** The reply an agent writes, framed in the customer's language. Written once; edits in the console stay. */
export async function installComplaintTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: COMPLAINT_REPLY,
    description: 'A reply to a complaint (first response or resolution), written by the agent',
    variables: { reference: { description: 'The complaint reference', sample: 'CMP-000042' }, reply: { description: "The agent's text", sample: 'We are sorry…' } },
  });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, COMPLAINT_REPLY, language))) await saveTemplate(db, COMPLAINT_REPLY, language, texts, 'rebound');
  }
}

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

// A short first line that only greets, with no sentence in it ("Dear Anna,", "Здравствуйте, Анна!", "Hej Anna,"), in the four languages.
const GREETING_LINE = /^\s*(dear|hello|hi|hey|good (morning|afternoon|evening)|здравствуйте|добрый день|добрый вечер|доброе утро|привет|вітаю|вітаємо|добрий день|доброго дня|hej|hejsan|hallå|god (morgon|dag|kväll))(?=[\s,!]|$)[^\n.?]{0,40}[ \t]*\n+/iu;

/**
 * The agent's text without a greeting line of its own: the template already greets the
 * customer by name, and "Dear Anna, / Dear Anna," reads like a machine wrote it.
 */
export function replyBody(text: string): string {
  const body = text.replace(GREETING_LINE, '').trim();
  return body || text.trim();
}

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

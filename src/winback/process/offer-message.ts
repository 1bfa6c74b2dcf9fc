import { declareTemplateKey } from '../../comms/index.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import type { Db } from '../../platform/db/database.ts';

export const WINBACK_OFFER = 'winback.offer';

const TEXTS: Record<Language, TemplateTexts> = {
  en: {
    email_subject: 'We fixed it — come back and see',
    email_html: '<p>Dear {{customer.name}},</p><p>You told us why you stopped shopping with us: {{reason}}. We have put it right.</p><p>We would be glad to see you again, and to say so we give you {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
    email_text: 'Dear {{customer.name}},\n\nYou told us why you stopped shopping with us: {{reason}}. We have put it right.\n\nWe would be glad to see you again, and to say so we give you {{offer}}.\n\nUnsubscribe: {{unsubscribe_url}}\n',
    sms_text: 'We fixed what made you leave ({{reason}}). Welcome back: {{offer}}.',
  },
  ru: {
    email_subject: 'Мы всё исправили — возвращайтесь',
    email_html: '<p>Здравствуйте, {{customer.name}}!</p><p>Вы рассказали нам, почему перестали у нас покупать: {{reason}}. Мы это исправили.</p><p>Будем рады видеть вас снова и дарим вам {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Отписаться</a></p>',
    email_text: 'Здравствуйте, {{customer.name}}!\n\nВы рассказали нам, почему перестали у нас покупать: {{reason}}. Мы это исправили.\n\nБудем рады видеть вас снова и дарим вам {{offer}}.\n\nОтписаться: {{unsubscribe_url}}\n',
    sms_text: 'Мы исправили то, из-за чего вы ушли ({{reason}}). Возвращайтесь: {{offer}}.',
  },
  uk: {
    email_subject: 'Ми все виправили — повертайтеся',
    email_html: '<p>Вітаємо, {{customer.name}}!</p><p>Ви розповіли нам, чому перестали у нас купувати: {{reason}}. Ми це виправили.</p><p>Будемо раді бачити вас знову й даруємо вам {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Відписатися</a></p>',
    email_text: 'Вітаємо, {{customer.name}}!\n\nВи розповіли нам, чому перестали у нас купувати: {{reason}}. Ми це виправили.\n\nБудемо раді бачити вас знову й даруємо вам {{offer}}.\n\nВідписатися: {{unsubscribe_url}}\n',
    sms_text: 'Ми виправили те, через що ви пішли ({{reason}}). Повертайтеся: {{offer}}.',
  },
  sv: {
    email_subject: 'Vi har rättat till det — välkommen tillbaka',
    email_html: '<p>Hej {{customer.name}},</p><p>Du berättade varför du slutade handla hos oss: {{reason}}. Vi har rättat till det.</p><p>Vi vill gärna se dig igen och ger dig {{offer}}.</p><p style="font-size:12px;color:#555"><a href="{{unsubscribe_url}}">Avregistrera dig</a></p>',
    email_text: 'Hej {{customer.name}},\n\nDu berättade varför du slutade handla hos oss: {{reason}}. Vi har rättat till det.\n\nVi vill gärna se dig igen och ger dig {{offer}}.\n\nAvregistrera dig: {{unsubscribe_url}}\n',
    sms_text: 'Vi har rättat till det som fick dig att lämna oss ({{reason}}). Välkommen tillbaka: {{offer}}.',
  },
};

const REASON_TEXT: Record<Language, Record<string, string>> = {
  en: { bad_product: 'a product let you down', bad_service: 'our service let you down', price: 'our prices', competitor: 'another shop suited you better', other: 'what you told us' },
  ru: { bad_product: 'вас подвёл товар', bad_service: 'вас подвело наше обслуживание', price: 'наши цены', competitor: 'другой магазин подошёл вам больше', other: 'то, о чём вы нам рассказали' },
  uk: { bad_product: 'вас підвів товар', bad_service: 'вас підвело наше обслуговування', price: 'наші ціни', competitor: 'інший магазин підійшов вам більше', other: 'те, про що ви нам розповіли' },
  sv: { bad_product: 'en produkt svek dig', bad_service: 'vår service svek dig', price: 'våra priser', competitor: 'en annan butik passade dig bättre', other: 'det du berättade för oss' },
};

const VOUCHER_TEXT: Record<Language, (value: string, code: string, until: string) => string> = {
  en: (v, c, u) => `a voucher worth ${v}: ${c} (valid until ${u})`,
  ru: (v, c, u) => `купон на ${v}: ${c} (действует до ${u})`,
  uk: (v, c, u) => `купон на ${v}: ${c} (дійсний до ${u})`,
  sv: (v, c, u) => `en värdekupong på ${v}: ${c} (giltig till ${u})`,
};

const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' };

export const asLanguage = (value: string | null | undefined): Language => (value && value in TEXTS ? (value as Language) : 'en');

/** The reason and the voucher in the customer's language, as the template's variables. */
export function offerVariables(language: Language, reason: string, voucher: { valueMinor: number; currency: string; code: string; expiresAt: Date }, timeZone: string) {
  const locale = LOCALES[language];
  const value = new Intl.NumberFormat(locale, { style: 'currency', currency: voucher.currency }).format(voucher.valueMinor / 100);
  const until = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(voucher.expiresAt);
  return { reason: REASON_TEXT[language][reason] ?? REASON_TEXT[language].other!, offer: VOUCHER_TEXT[language](value, voucher.code, until) };
}

export async function installWinbackTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: WINBACK_OFFER,
    description: 'The personal win-back offer, once the reason the customer left has been eliminated (processes/win-back.bpmn)',
    variables: {
      reason: { description: 'Why they left, in their language', sample: 'our prices' },
      offer: { description: 'Their voucher, in their language', sample: 'a voucher worth £5.00: 7K2M-QX9D-R4TB-W1HZ (valid until 1 February 2027)' },
    },
  });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, WINBACK_OFFER, language))) await saveTemplate(db, WINBACK_OFFER, language, texts, 'rebound');
  }
}

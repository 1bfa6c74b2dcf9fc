import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { acceptFormBodies, declareTemplateKey, enqueueContactMessages } from '../../comms/index.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import { publicUrl } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { pageLanguageOf, sendPublicPage } from '../../platform/http/person-pages.ts';
import { escapeHtml } from '../../platform/http/public-page.ts';
import { signToken } from '../../platform/links/signed-token.ts';

export const PREFERENCES_LINK_TEMPLATE = 'privacy.preferences-link';
const LINK_LIFETIME_MS = 7 * 86_400_000;
const personPage = { access: { public: true as const }, personPage: true as const };

const TEXT = {
  en: { title: 'Stop messages from us', lead: 'Type the e-mail address we write to. We send a link to it: open it to stop our messages. Nobody else can stop them for you.', label: 'E-mail address', button: 'Send me the link', sent: 'If we hold this address, a link is on its way to it. It works for 7 days.' },
  ru: { title: 'Отказаться от наших сообщений', lead: 'Введите адрес, на который мы вам пишем. Мы пришлём на него ссылку: откройте её, чтобы отказаться от сообщений. Никто другой не сможет сделать это за вас.', label: 'Адрес e-mail', button: 'Прислать ссылку', sent: 'Если этот адрес у нас есть, ссылка уже отправлена на него. Она действует 7 дней.' },
  uk: { title: 'Відмовитися від наших повідомлень', lead: 'Введіть адресу, на яку ми вам пишемо. Ми надішлемо на неї посилання: відкрийте його, щоб відмовитися від повідомлень. Ніхто інший не зможе зробити це за вас.', label: 'Адреса e-mail', button: 'Надіслати посилання', sent: 'Якщо ця адреса у нас є, посилання вже надіслано на неї. Воно діє 7 днів.' },
  sv: { title: 'Sluta få meddelanden från oss', lead: 'Skriv den e-postadress vi skriver till. Vi skickar en länk dit: öppna den för att stoppa våra meddelanden. Ingen annan kan göra det åt dig.', label: 'E-postadress', button: 'Skicka länken', sent: 'Om vi har adressen är en länk på väg dit. Den gäller i 7 dagar.' },
} as const;

/**
 * The public page where a customer objects to our messages without having one at hand
 * (issue 18.5). An address is no proof (decision 020): the page answers the same for a known
 * and an unknown address and e-mails the address on file a signed unsubscribe link, which
 * comms' unsubscribe page honours and records with its source ("the privacy page"). One
 * e-mail per address and day, so the page cannot be used to flood someone's inbox.
 */
export const consentPageRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptFormBodies(app);

  app.get('/p/privacy', { config: personPage, schema: { hide: true } }, async (request, reply) => {
    const language = pageLanguageOf(request);
    const t = TEXT[language];
    const form = `<p>${escapeHtml(t.lead)}</p><form method="post" action="/p/privacy?lang=${language}"><label>${escapeHtml(t.label)} <input type="email" name="email" required maxlength="254" autocomplete="email"></label> <button type="submit">${escapeHtml(t.button)}</button></form>`;
    return sendPublicPage(ctx, request, reply, { language, title: t.title, body: form });
  });

  app.post('/p/privacy', {
    config: personPage,
    schema: { hide: true, body: Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }) }) },
  }, async (request, reply) => {
    const email = request.body.email.trim().toLowerCase();
    const [customer] = await ctx.db.query<{ id: number; language: string; email: string }>(
      'SELECT id, language, email FROM customers WHERE lower(email) = $1 ORDER BY id LIMIT 1', [email]);
    const now = ctx.clock.now();
    if (customer) {
      const token = signToken(ctx.signingKey, { purpose: 'comms.unsubscribe', subject: String(customer.id), channel: 'email', via: 'privacy page' }, new Date(now.getTime() + LINK_LIFETIME_MS));
      await ctx.db.transaction((tx) => enqueueContactMessages(tx, ctx, {
        recipients: [{ address: customer.email, name: '', language: asLanguage(customer.language), variables: { link: `${publicUrl(ctx.config)}/comms/unsubscribe?t=${token}` } }],
        templateKey: PREFERENCES_LINK_TEMPLATE,
        campaign: `privacy.preferences:${now.toISOString().slice(0, 10)}`,
        reason: 'privacy.preferences_link',
        resource: { type: 'customer', id: customer.id },
      }));
    }
    // The page's language, never the customer's: the answer must not tell whether the address is known.
    const language = pageLanguageOf(request);
    return sendPublicPage(ctx, request, reply, { language, title: TEXT[language].title, body: `<p role="status">${escapeHtml(TEXT[language].sent)}</p>` });
  });
};

const asLanguage = (value: string): Language => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');
const text = (subject: string, body: string): TemplateTexts => ({
  email_subject: subject, email_html: `<p>${body}</p><p><a href="{{link}}">{{link}}</a></p>`, email_text: `${body}\n\n{{link}}\n`, sms_text: null,
});
const LINK_TEXTS: Record<Language, TemplateTexts> = {
  en: text('Your link to stop our messages', 'You asked to stop our messages. Open this link to confirm (it works for 7 days). If it was not you, ignore this e-mail.'),
  ru: text('Ссылка для отказа от наших сообщений', 'Вы попросили больше не присылать вам сообщения. Откройте ссылку, чтобы подтвердить (она действует 7 дней). Если это были не вы, просто проигнорируйте письмо.'),
  uk: text('Посилання для відмови від наших повідомлень', 'Ви попросили більше не надсилати вам повідомлення. Відкрийте посилання, щоб підтвердити (воно діє 7 днів). Якщо це були не ви, просто проігноруйте лист.'),
  sv: text('Din länk för att stoppa våra meddelanden', 'Du bad oss sluta skicka meddelanden. Öppna länken för att bekräfta (den gäller i 7 dagar). Om det inte var du kan du bortse från detta.'),
};

export async function installPreferencesLinkTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: PREFERENCES_LINK_TEMPLATE,
    description: 'The signed unsubscribe link a customer asks for on the public privacy page (/p/privacy)',
    variables: { link: { description: 'The signed unsubscribe link (7 days)', sample: 'https://example.com/comms/unsubscribe?t=…' } },
  });
  for (const [language, texts] of Object.entries(LINK_TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, PREFERENCES_LINK_TEMPLATE, language))) await saveTemplate(db, PREFERENCES_LINK_TEMPLATE, language, texts, 'rebound');
  }
}

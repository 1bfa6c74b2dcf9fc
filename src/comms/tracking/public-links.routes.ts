import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { verifyToken } from '../../platform/links/signed-token.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { renderPage } from '../pages/page-layout.ts';
import { acceptFormBodies } from '../pages/form-body.ts';
import { escapeHtml } from '../templates/template-syntax.ts';
import { recordEngagement } from '../outbox/messages.sql.ts';
import { PURPOSE } from './tracking-links.ts';
import { recordOptOut } from './unsubscribe.sql.ts';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const publicAccess = { access: { public: true as const } };
const TokenQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 4000 }) });

const TEXT = {
  en: { title: 'Unsubscribe', ask: (a: string, c: string) => `Stop ${c} messages to ${a}?`, button: 'Unsubscribe', done: (c: string) => `You will no longer receive ${c} messages from us. Safety notices about products you bought may still reach you by other means the law requires.`, invalid: 'This link is not valid or has expired.', email: 'e-mail', sms: 'SMS' },
  ru: { title: 'Отписка', ask: (a: string, c: string) => `Больше не отправлять ${c} на ${a}?`, button: 'Отписаться', done: (c: string) => `Вы больше не будете получать от нас ${c}. Уведомления о безопасности купленных товаров могут приходить другими способами, которых требует закон.`, invalid: 'Ссылка недействительна или устарела.', email: 'письма', sms: 'SMS' },
  uk: { title: 'Відписка', ask: (a: string, c: string) => `Більше не надсилати ${c} на ${a}?`, button: 'Відписатися', done: (c: string) => `Ви більше не отримуватимете від нас ${c}. Повідомлення про безпеку придбаних товарів можуть надходити іншими способами, яких вимагає закон.`, invalid: 'Посилання недійсне або застаріле.', email: 'листи', sms: 'SMS' },
  sv: { title: 'Avregistrering', ask: (a: string, c: string) => `Sluta skicka ${c} till ${a}?`, button: 'Avregistrera', done: (c: string) => `Du får inte längre ${c} från oss. Säkerhetsmeddelanden om produkter du köpt kan fortfarande nå dig på andra sätt som lagen kräver.`, invalid: 'Länken är ogiltig eller har gått ut.', email: 'e-post', sms: 'sms' },
} as const;
type Lang = keyof typeof TEXT;

/**
 * Public, token-guarded links in messages: the unsubscribe page (GET shows a confirmation,
 * POST records the opt-out — also the RFC 8058 one-click POST mail clients send, so link
 * scanners that merely fetch the URL never unsubscribe anyone), click redirects and the
 * open pixel.
 */
export const publicLinksRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptFormBodies(app);

  const customerOf = async (token: string) => {
    const verified = verifyToken(ctx.signingKey, token, PURPOSE.unsubscribe, ctx.clock.now());
    if (!verified.ok) return undefined;
    const [customer] = await ctx.db.query<{ id: number; language: string; email: string | null; phone: string | null }>(
      'SELECT id, language, email, phone FROM customers WHERE id = $1',
      [Number(verified.payload.subject)],
    );
    if (!customer) return undefined;
    const channel = verified.payload.channel === 'sms' ? 'sms' : 'email';
    return { customer, channel, messageId: typeof verified.payload.message === 'number' ? verified.payload.message : undefined } as const;
  };
  const langOf = (language: string | undefined): Lang => (language && language in TEXT ? (language as Lang) : 'en');
  const invalid = (reply: import('fastify').FastifyReply) =>
    reply.code(404).type('text/html; charset=utf-8').send(renderPage({ language: 'en', title: TEXT.en.title, body: `<p class="error">${TEXT.en.invalid}</p>` }));

  app.get('/comms/unsubscribe', { config: publicAccess, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const found = await customerOf(request.query.t);
    if (!found) return invalid(reply);
    const t = TEXT[langOf(found.customer.language)];
    const address = (found.channel === 'sms' ? found.customer.phone : found.customer.email) ?? '';
    const body = `<form method="post"><p>${escapeHtml(t.ask(address, t[found.channel]))}</p><button type="submit">${escapeHtml(t.button)}</button></form>`;
    return reply.type('text/html; charset=utf-8').send(renderPage({ language: found.customer.language, title: t.title, body }));
  });

  app.post('/comms/unsubscribe', { config: publicAccess, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const found = await customerOf(request.query.t);
    if (!found) return invalid(reply);
    await ctx.db.transaction((tx) => recordOptOut(tx, found.customer.id, found.channel, found.messageId, ctx.clock.now()));
    const t = TEXT[langOf(found.customer.language)];
    return reply.type('text/html; charset=utf-8').send(renderPage({ language: found.customer.language, title: t.title, body: `<p role="status">${escapeHtml(t.done(t[found.channel]))}</p>` }));
  });

  app.get('/comms/open', { config: publicAccess, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.query.t, PURPOSE.open, ctx.clock.now());
    if (verified.ok) await recordEngagement(ctx.db, Number(verified.payload.subject), 'opened', ctx.clock.now());
    // Always the pixel: a broken image in someone's mail helps nobody.
    return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL);
  });

  app.get('/comms/click', { config: publicAccess, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.query.t, PURPOSE.click, ctx.clock.now());
    const target = verified.ok ? verified.payload.url : undefined;
    // Only the signed target: an open redirect would lend our domain to phishing.
    if (typeof target !== 'string' || !/^https?:\/\//.test(target)) return invalid(reply);
    await recordEngagement(ctx.db, Number(verified.ok ? verified.payload.subject : 0), 'clicked', ctx.clock.now());
    return reply.redirect(target, 302);
  });
};

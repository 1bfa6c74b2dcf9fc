import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalFromSession, SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { verifyToken } from '../../platform/links/signed-token.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { pageLanguageOf, sendLinkProblem, sendPublicPage } from '../../platform/http/person-pages.ts';
import { escapeHtml } from '../../platform/http/public-page.ts';
import { acceptFormBodies } from '../pages/form-body.ts';
import { recordEngagement } from '../outbox/messages.sql.ts';
import { PURPOSE } from './tracking-links.ts';
import { recordOptOut } from './unsubscribe.sql.ts';

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const personPage = { access: { public: true as const }, personPage: true as const };
const TokenQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 4000 }) });

const TEXT = {
  en: { title: 'Unsubscribe', ask: (a: string, c: string) => `Stop ${c} messages to ${a}?`, button: 'Unsubscribe', done: (c: string) => `You will no longer receive ${c} messages from us. Safety notices about products you bought may still reach you by other means the law requires.`, email: 'e-mail', sms: 'SMS' },
  ru: { title: 'Отписка', ask: (a: string, c: string) => `Больше не отправлять ${c} на ${a}?`, button: 'Отписаться', done: (c: string) => `Вы больше не будете получать от нас ${c}. Уведомления о безопасности купленных товаров могут приходить другими способами, которых требует закон.`, email: 'письма', sms: 'SMS' },
  uk: { title: 'Відписка', ask: (a: string, c: string) => `Більше не надсилати ${c} на ${a}?`, button: 'Відписатися', done: (c: string) => `Ви більше не отримуватимете від нас ${c}. Повідомлення про безпеку придбаних товарів можуть надходити іншими способами, яких вимагає закон.`, email: 'листи', sms: 'SMS' },
  sv: { title: 'Avregistrering', ask: (a: string, c: string) => `Sluta skicka ${c} till ${a}?`, button: 'Avregistrera', done: (c: string) => `Du får inte längre ${c} från oss. Säkerhetsmeddelanden om produkter du köpt kan fortfarande nå dig på andra sätt som lagen kräver.`, email: 'e-post', sms: 'sms' },
} as const;

/**
 * Public, token-guarded links in messages: the unsubscribe page (GET shows a confirmation,
 * POST records the opt-out — also the RFC 8058 one-click POST mail clients send, so link
 * scanners that merely fetch the URL never unsubscribe anyone), click redirects and the
 * open pixel. A broken link answers a person with a page in their language (person-pages.ts).
 */
export const publicLinksRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptFormBodies(app);

  const customerOf = async (token: string) => {
    const verified = verifyToken(ctx.signingKey, token, PURPOSE.unsubscribe, ctx.clock.now());
    if (!verified.ok) return verified.reason === 'expired' ? 'expired' : 'invalid';
    const [customer] = await ctx.db.query<{ id: number; language: string; email: string | null; phone: string | null }>(
      'SELECT id, language, email, phone FROM customers WHERE id = $1',
      [Number(verified.payload.subject)],
    );
    if (!customer) return 'invalid';
    const channel = verified.payload.channel === 'sms' ? 'sms' : 'email';
    return {
      customer, channel,
      messageId: typeof verified.payload.message === 'number' ? verified.payload.message : undefined,
      // Where the link came from when not from a message (the privacy page's e-mail), recorded as the source.
      via: typeof verified.payload.via === 'string' ? verified.payload.via : undefined,
    } as const;
  };

  /**
   * Someone signed in to the console: an operator checking a message (the demo mailbox, a
   * forwarded test mail), not a customer engaging with it, so it is not counted. The
   * mailbox already strips tracking (withoutTracking); this covers every other way in.
   */
  const isOperator = async (request: FastifyRequest) => {
    const session = request.cookies[SESSION_COOKIE];
    return session ? (await principalFromSession(ctx.db, ctx.clock, session)) !== undefined : false;
  };

  app.get('/comms/unsubscribe', { config: personPage, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const found = await customerOf(request.query.t);
    if (typeof found === 'string') return sendLinkProblem(ctx, request, reply, found);
    const language = pageLanguageOf(request, found.customer.language);
    const t = TEXT[language];
    const address = (found.channel === 'sms' ? found.customer.phone : found.customer.email) ?? '';
    const action = `/comms/unsubscribe?${new URLSearchParams({ t: request.query.t, lang: language })}`;
    const body = `<form method="post" action="${escapeHtml(action)}"><p>${escapeHtml(t.ask(address, t[found.channel]))}</p><button type="submit">${escapeHtml(t.button)}</button></form>`;
    return sendPublicPage(ctx, request, reply, { language, title: t.title, body });
  });

  app.post('/comms/unsubscribe', { config: personPage, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const found = await customerOf(request.query.t);
    if (typeof found === 'string') return sendLinkProblem(ctx, request, reply, found);
    await ctx.db.transaction((tx) => recordOptOut(tx, found.customer.id, found.channel, found.messageId, ctx.clock.now(), found.via));
    const language = pageLanguageOf(request, found.customer.language);
    const t = TEXT[language];
    return sendPublicPage(ctx, request, reply, { language, title: t.title, body: `<p role="status">${escapeHtml(t.done(t[found.channel]))}</p>` });
  });

  // No schema on the token: whatever arrives, the answer is the pixel (a broken image in someone's mail helps nobody).
  app.get('/comms/open', { config: { access: { public: true } }, schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as { t?: unknown }).t;
    const verified = typeof token === 'string' ? verifyToken(ctx.signingKey, token, PURPOSE.open, ctx.clock.now()) : undefined;
    if (verified?.ok && !(await isOperator(request))) await recordEngagement(ctx.db, Number(verified.payload.subject), 'opened', ctx.clock.now());
    return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL);
  });

  app.get('/comms/click', { config: personPage, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.query.t, PURPOSE.click, ctx.clock.now());
    if (!verified.ok) return sendLinkProblem(ctx, request, reply, verified.reason === 'expired' ? 'expired' : 'invalid');
    const target = verified.payload.url;
    // Only the signed target: an open redirect would lend our domain to phishing.
    if (typeof target !== 'string' || !/^https?:\/\//.test(target)) return sendLinkProblem(ctx, request, reply, 'invalid');
    if (!(await isOperator(request))) await recordEngagement(ctx.db, Number(verified.payload.subject), 'clicked', ctx.clock.now());
    return reply.redirect(target, 302);
  });
};

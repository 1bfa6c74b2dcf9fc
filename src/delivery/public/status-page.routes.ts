import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { acceptFormBodies } from '../../comms/index.ts';
import type { PublicLanguage } from '../../platform/http/accept-language.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { pageLanguageOf, sendLinkProblem, sendPublicPage } from '../../platform/http/person-pages.ts';
import { escapeHtml } from '../../platform/http/public-page.ts';
import { verifyToken } from '../../platform/links/signed-token.ts';
import { confirmSubscription, inLanguage, LEAVE_PURPOSE, titleIn, leaveSubscription, publishedPage, requestSubscription, SUBSCRIBE_PURPOSE, type StatusPage } from './status-page.ts';
import { STATUS_TEXT } from './status-page-texts.ts';

const personPage = { access: { public: true as const }, personPage: true as const };
const Slug = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) });
const Lang = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });
const TokenQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 2000 }), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const TokenForm = Type.Object({ t: Type.String({ minLength: 10, maxLength: 2000 }) });

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => `<p>${escapeHtml(p.trim()).replaceAll('\n', '<br>')}</p>`).join('');
const pagePath = (slug: string, language: string) => `/status/${encodeURIComponent(slug)}?lang=${language}`;

function renderPage(page: StatusPage, language: PublicLanguage): string {
  const w = STATUS_TEXT[language];
  const when = (d: Date) => `${new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)} ${w.utc}`;
  const list = (label: string, items: string[]) => items.length ? `<tr><th scope="row" style="text-align:left;padding:.2rem 1rem .2rem 0">${escapeHtml(label)}</th><td>${items.map(escapeHtml).join(', ')}</td></tr>` : '';
  const affected = list(w.regions, page.regions) + list(w.carriers, page.carriers);
  // What staff wrote, in the reader's language or else English — marked as such, never passed off as a translation.
  let fellBack = false;
  const written = (texts: Partial<Record<string, string>>, render: (value: string) => string) => {
    const found = inLanguage(texts, language);
    if (!found) return '';
    fellBack ||= found.fallback;
    return found.fallback ? `<div lang="${found.language}">${render(found.value)}</div>` : render(found.value);
  };
  const summaries = Object.fromEntries(Object.entries(page.texts).filter(([, t]) => t?.public_summary).map(([l, t]) => [l, t!.public_summary!]));
  const faqs = Object.fromEntries(Object.entries(page.texts).filter(([, t]) => t?.faq.length).map(([l]) => [l, l]));
  const faqLanguage = inLanguage(faqs, language);
  const faq = faqLanguage ? page.texts[faqLanguage.value as keyof StatusPage['texts']]!.faq : [];
  if (faqLanguage?.fallback) fellBack = true;
  const faqHtml = faq.length ? `<h2>${escapeHtml(w.faq)}</h2><dl${faqLanguage!.fallback ? ` lang="${faqLanguage!.language}"` : ''}>${faq.map((f) => `<dt><strong>${escapeHtml(f.question)}</strong></dt><dd style="margin:0 0 1rem 0">${paragraphs(f.answer)}</dd>`).join('')}</dl>` : '';
  const summary = written(summaries, paragraphs);
  const updates = page.updates.map((u) => `<li><time datetime="${new Date(u.posted_at).toISOString()}">${escapeHtml(when(new Date(u.posted_at)))}</time>${written(u.texts, paragraphs)}</li>`);
  return `<p role="status"><strong>${escapeHtml(page.incident_status === 'resolved' ? w.resolved : w.ongoing)}</strong></p>
${fellBack ? `<p class="reference">${escapeHtml(w.onlyEnglish)}</p>` : ''}
${summary}
${affected ? `<h2>${escapeHtml(w.affected)}</h2><table class="facts">${affected}</table>` : ''}
<h2>${escapeHtml(w.updates)}</h2>
${updates.length ? `<ol class="events" reversed>${updates.join('')}</ol>` : `<p>${escapeHtml(w.noUpdates)}</p>`}
${faqHtml}
<h2>${escapeHtml(w.subscribe)}</h2>
<p>${escapeHtml(w.subscribeLead)}</p>
<form method="post" action="/status/${encodeURIComponent(page.slug)}/subscribe?lang=${language}"><label>${escapeHtml(w.email)} <input type="email" name="email" required maxlength="254" autocomplete="email"></label> <button type="submit">${escapeHtml(w.subscribeButton)}</button></form>`;
}

/**
 * The public status page of a delivery incident (issue 15.5, D2), server-rendered like the
 * tracker and readable without JavaScript. Only a published page exists: an unknown or
 * unpublished slug is the same 404. Subscribing e-mails a signed link and stores nothing; the
 * link's page asks for one click (a POST, so a mail scanner opening links subscribes nobody).
 */
export const statusPageRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptFormBodies(app);

  app.get('/status/:slug', { config: personPage, schema: { hide: true, params: Slug, querystring: Lang } }, async (request, reply) => {
    const page = await publishedPage(ctx, request.params.slug);
    if (!page) return sendLinkProblem(ctx, request, reply, 'not_found');
    const language = pageLanguageOf(request);
    return sendPublicPage(ctx, request, reply, { language, title: titleIn(page, language), body: renderPage(page, language) });
  });

  app.post('/status/:slug/subscribe', {
    // Each request may be an e-mail: few per client, and one per address and day (status-page.ts).
    config: { ...personPage, rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: { hide: true, params: Slug, querystring: Lang, body: Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }) }) },
  }, async (request, reply) => {
    const page = await publishedPage(ctx, request.params.slug);
    if (!page) return sendLinkProblem(ctx, request, reply, 'not_found');
    const language = pageLanguageOf(request);
    await requestSubscription(ctx, page, request.body.email, language);
    const w = STATUS_TEXT[language];
    // The same answer for any address: it tells nobody whether the address exists or is subscribed.
    return sendPublicPage(ctx, request, reply, { language, title: titleIn(page, language), body: `<p role="status">${escapeHtml(w.sent)}</p><p><a href="${pagePath(page.slug, language)}">${escapeHtml(w.back)}</a></p>` });
  });

  const subscribeToken = (slugPage: StatusPage | undefined, token: string): { ok: false; problem: 'expired' | 'invalid' } | { ok: true; email: string; lang: string } => {
    const verified = verifyToken(ctx.signingKey, token, SUBSCRIBE_PURPOSE, ctx.clock.now());
    if (!verified.ok) return { ok: false, problem: verified.reason === 'expired' ? 'expired' : 'invalid' };
    if (!slugPage || Number(verified.payload.subject) !== slugPage.incident_id) return { ok: false, problem: 'invalid' };
    return { ok: true, email: String(verified.payload.email), lang: String(verified.payload.lang) };
  };

  app.get('/status/:slug/confirm', { config: personPage, schema: { hide: true, params: Slug, querystring: TokenQuery } }, async (request, reply) => {
    const page = await publishedPage(ctx, request.params.slug);
    const checked = subscribeToken(page, request.query.t);
    if (!checked.ok) return sendLinkProblem(ctx, request, reply, checked.problem);
    const language = pageLanguageOf(request, checked.lang);
    const w = STATUS_TEXT[language];
    const body = `<p>${escapeHtml(w.confirmLead.replace('{title}', titleIn(page!, language)))}</p>
<form method="post" action="/status/${encodeURIComponent(page!.slug)}/confirm?lang=${language}"><input type="hidden" name="t" value="${escapeHtml(request.query.t)}"><button type="submit">${escapeHtml(w.confirmButton)}</button></form>`;
    return sendPublicPage(ctx, request, reply, { language, title: w.confirmTitle, body });
  });

  app.post('/status/:slug/confirm', { config: personPage, schema: { hide: true, params: Slug, querystring: Lang, body: TokenForm } }, async (request, reply) => {
    const page = await publishedPage(ctx, request.params.slug);
    const checked = subscribeToken(page, request.body.t);
    if (!checked.ok) return sendLinkProblem(ctx, request, reply, checked.problem);
    await confirmSubscription(ctx, page!.incident_id, checked.email, checked.lang);
    const language = pageLanguageOf(request, checked.lang);
    const w = STATUS_TEXT[language];
    return sendPublicPage(ctx, request, reply, { language, title: w.confirmTitle, body: `<p role="status">${escapeHtml(w.confirmed)}</p><p><a href="${pagePath(page!.slug, language)}">${escapeHtml(w.back)}</a></p>` });
  });

  app.get('/status/leave', { config: personPage, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.query.t, LEAVE_PURPOSE, ctx.clock.now());
    if (!verified.ok) return sendLinkProblem(ctx, request, reply, verified.reason === 'expired' ? 'expired' : 'invalid');
    const language = pageLanguageOf(request);
    const w = STATUS_TEXT[language];
    const body = `<form method="post" action="/status/leave?lang=${language}"><input type="hidden" name="t" value="${escapeHtml(request.query.t)}"><button type="submit">${escapeHtml(w.leaveButton)}</button></form>`;
    return sendPublicPage(ctx, request, reply, { language, title: w.leaveTitle, body });
  });

  app.post('/status/leave', { config: personPage, schema: { hide: true, querystring: Lang, body: TokenForm } }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.body.t, LEAVE_PURPOSE, ctx.clock.now());
    if (!verified.ok) return sendLinkProblem(ctx, request, reply, verified.reason === 'expired' ? 'expired' : 'invalid');
    const left = await leaveSubscription(ctx, Number(verified.payload.subject));
    if (!left) return sendLinkProblem(ctx, request, reply, 'invalid');
    const language = pageLanguageOf(request);
    const w = STATUS_TEXT[language];
    return sendPublicPage(ctx, request, reply, { language, title: w.leaveTitle, body: `<p role="status">${escapeHtml(w.left)}</p>` });
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isKnownTimeZone } from '../../cases/calendar/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { pageLanguageOf, sendLinkProblem, sendPublicPage } from '../../platform/http/person-pages.ts';
import { escapeHtml } from '../../platform/http/public-page.ts';
import { verifyToken } from '../../platform/links/signed-token.ts';
import { dayIn, NO_ESTIMATE, STATUS_WORDS } from '../notices/delay-notice-templates.ts';
import { TRACKER_TOKEN_PURPOSE } from '../notices/tracker-link.ts';
import { TRACKER_TEXT } from './tracker-texts.ts';
import { statusPageOfShipment } from './status-page.ts';
import { STATUS_TEXT } from './status-page-texts.ts';

const TokenQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 2000 }), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const personPage = { access: { public: true as const }, personPage: true as const };

interface TrackedShipment {
  order: string;
  carrier: string;
  tracking_number: string | null;
  status: string;
  promised_on: string | null;
  estimated_delivery_on: string | null;
  delivered_at: Date | null;
  language: string | null;
  time_zone: string | null;
  late: boolean;
}

const money = (language: string, minor: number, currency: string) =>
  new Intl.NumberFormat(language, { style: 'currency', currency }).format(minor / 100);

/**
 * Times of scans and delivery in the customer's own time zone, named (a bare "05:30" read in
 * Lund as local time was an hour off: the page showed UTC unmarked). An unknown zone reads UTC, still named.
 */
function timeFormatter(language: string, timeZone: string | null): (d: Date) => string {
  const format = new Intl.DateTimeFormat(language, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
    timeZone: timeZone && isKnownTimeZone(timeZone) ? timeZone : 'UTC',
  });
  return (d) => format.format(d);
}

/**
 * One order's tracker, opened only by the signed, expiring link in that customer's delay
 * notice (decision 020: the order number is no proof). It shows their status, the carrier's
 * events, the new estimate, what they are given for the wait and whom to ask; server-rendered,
 * readable without JavaScript, in the link's language (?lang=), else the customer's.
 */
export const trackerPageRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/track', { config: personPage, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const verified = verifyToken(ctx.signingKey, request.query.t, TRACKER_TOKEN_PURPOSE, ctx.clock.now());
    if (!verified.ok) return sendLinkProblem(ctx, request, reply, verified.reason === 'expired' ? 'expired' : 'invalid');
    const shipmentId = Number(verified.payload.subject);
    const [shipment] = await ctx.db.query<TrackedShipment>(
      `SELECT o.external_id AS "order", s.carrier, s.tracking_number,
              CASE WHEN s.delivered_at IS NOT NULL OR s.status = 'delivered' THEN 'delivered'
                   WHEN s.delivery_status IS NULL AND s.shipped_at IS NOT NULL THEN 'not_scanned' ELSE coalesce(s.delivery_status, 'pre_transit') END AS status,
              s.promised_on::text AS promised_on, s.estimated_delivery_on::text AS estimated_delivery_on, s.delivered_at, c.language, c.time_zone,
              EXISTS (SELECT 1 FROM delivery_delays d WHERE d.shipment_id = s.id) AS late
       FROM shipments s JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id WHERE s.id = $1`, [shipmentId]);
    if (!shipment) return sendLinkProblem(ctx, request, reply, 'invalid');
    const language = pageLanguageOf(request, shipment.language);
    const w = TRACKER_TEXT[language];
    const events = await ctx.db.query<{ occurred_at: Date; status: string; location: string | null; message: string | null }>(
      'SELECT occurred_at, status, location, message FROM delivery_events WHERE shipment_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 50', [shipmentId]);
    const compensation = await ctx.db.query<{ option: string; amount_minor: string; currency: string; points: number }>(
      `SELECT dc.option, dc.amount_minor::text, dc.currency, dc.points FROM delivery_compensations dc JOIN shipments s ON s.order_id = dc.order_id WHERE s.id = $1`, [shipmentId]);
    // The order is part of an incident whose status page is published: the page says what happened to all of them.
    const statusSlug = await statusPageOfShipment(ctx.db, shipmentId);
    const statusWords = STATUS_WORDS[language] as Record<string, string>;
    const when = timeFormatter(language, shipment.time_zone);
    const rows: [string, string][] = [
      [w.order, shipment.order],
      [w.carrier, shipment.carrier],
      [w.tracking, shipment.tracking_number ?? '—'],
      [w.status, statusWords[shipment.status] ?? shipment.status],
      [w.promised, shipment.promised_on ? dayIn(language, shipment.promised_on) : '—'],
      shipment.delivered_at
        ? [w.delivered, when(shipment.delivered_at)]
        : [w.estimate, shipment.estimated_delivery_on ? dayIn(language, shipment.estimated_delivery_on) : NO_ESTIMATE[language]],
    ];
    // A no-reply sender is no contact: then the page points back to the message only.
    const sender = /<([^>]+)>/.exec(ctx.config.SMTP_FROM)?.[1] ?? ctx.config.SMTP_FROM;
    const address = /no-?reply/i.test(sender) ? null : sender;
    const body = `${shipment.late && !shipment.delivered_at ? `<p>${escapeHtml(w.late)}</p>` : ''}
${statusSlug ? `<p><a href="/status/${encodeURIComponent(statusSlug)}?lang=${language}">${escapeHtml(STATUS_TEXT[language].trackerLink)}</a></p>` : ''}
<table class="facts">${rows.map(([k, v]) => `<tr><th scope="row" style="text-align:left;padding:.2rem 1rem .2rem 0">${escapeHtml(k)}</th><td style="overflow-wrap:anywhere">${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>${escapeHtml(w.events)}</h2>
${events.length ? `<ol class="events">${events.map((e) => `<li><time datetime="${e.occurred_at.toISOString()}">${escapeHtml(when(e.occurred_at))}</time> — ${escapeHtml(statusWords[e.status] ?? e.status)}${e.location ? `, ${escapeHtml(e.location)}` : ''}${e.message ? `<br><span class="reference">${escapeHtml(e.message)}</span>` : ''}</li>`).join('')}</ol>` : `<p>${escapeHtml(w.noEvents)}</p>`}
<h2>${escapeHtml(w.compensation)}</h2>
${compensation.length ? `<ul>${compensation.map((c) => `<li>${escapeHtml(w.compensationOptions[c.option] ?? c.option)}: ${escapeHtml(c.option === 'loyalty_points' ? w.points.replace('{points}', String(c.points)) : money(language, Number(c.amount_minor), c.currency))}</li>`).join('')}</ul>` : `<p>${escapeHtml(w.noCompensation)}</p>`}
<h2>${escapeHtml(w.contact)}</h2>
<p>${escapeHtml(address ? w.contactText.replace('{address}', address) : w.contactReply)}</p>`;
    return sendPublicPage(ctx, request, reply, { language, title: w.title.replace('{order}', shipment.order), body });
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { unauthorized } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { unsafeInput } from '../../platform/http/input-guard.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { sourceSecret } from '../sources/event-sources.ts';
import { webhookIsAuthentic } from '../sources/webhook-signatures.ts';
import { isObject, malformed, PayloadReader } from './malformed.ts';
import { parseAfterShip, parseEasyPost, parseShippo, type ParsedWebhook } from './parse-webhooks.ts';
import { createUpdateBatcher } from './update-batcher.ts';

const PARSERS = { easypost: parseEasyPost, shippo: parseShippo, aftership: parseAfterShip } as const;

const Received = Type.Object({
  ignored: Type.Optional(Type.String({ description: 'An event of another kind, acknowledged and not stored' })),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  unmatched: Type.Integer({ description: 'Checkpoints for a tracking code no shipment fits: kept for review' }),
  unmapped: Type.Integer(),
  shipments: Type.Integer(),
  newly_late: Type.Integer(),
  incidents_opened: Type.Array(Type.String()),
  // The notices and apologies about this update's own shipments, though webhooks share a transaction under load (update-batcher.ts); absent for an ignored event.
  notices: Type.Optional(Type.Object({ considered: Type.Integer(), queued: Type.Integer(), suppressed: Type.Integer(), unreachable: Type.Integer(), apologies: Type.Integer() })),
});

/**
 * Carrier webhooks, one URL per configured source (`/api/delivery/webhooks/{source}`). The
 * route is public because carriers are no Rebound users; each request proves its source
 * by that source's own signature or token before anything is read or stored — a request
 * that does not is a 401 and leaves no trace but the access log (which never holds the
 * secret, the signature or a `?token=`).
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  const receive = createUpdateBatcher(ctx);
  // The signature covers the exact bytes: the body is kept raw and parsed after checking it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.post('/api/delivery/webhooks/:source', {
    config: { access: { public: true } },
    schema: {
      tags: ['delivery'],
      summary: 'Carrier tracking webhooks: EasyPost tracker.updated (X-Hmac-Signature), Shippo track_updated (?token= or X-Rebound-Token), AfterShip tracking_update / edd_revise (aftership-hmac-sha256)',
      security: [],
      params: Type.Object({ source: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) }),
      querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: Received, ...problemResponses(400, 401) },
    },
  }, async (request) => {
    const source = await sourceSecret(ctx.db, request.params.source);
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    // One answer for an unknown source and a wrong signature: a caller learns nothing of which sources exist.
    if (!source || !webhookIsAuthentic(source.kind, source.secret, request.headers, request.query, raw)) {
      throw unauthorized('The webhook is not signed by this source');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw malformed('body', 'is not JSON');
    }
    if (!isObject(json)) throw malformed('body', 'must be a JSON object');
    const refusal = unsafeInput(json);
    if (refusal) throw malformed(['body', ...refusal.path].join('.'), refusal.message);
    const parsed: ParsedWebhook = PARSERS[source.kind](new PayloadReader(json, 'body'));
    if (parsed.kind === 'ignored') return { ignored: parsed.event, stored: 0, duplicates: 0, unmatched: 0, unmapped: 0, shipments: 0, newly_late: 0, incidents_opened: [] };
    return receive(request.params.source, parsed.update);
  });
};

import { timingSafeEqual } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { unauthorized } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { DateTimeInput, problemResponses } from '../../platform/http/schemas.ts';

const Report = Type.Object({
  reference: Type.String({ minLength: 1, maxLength: 300, description: 'The reference Rebound sent with the message' }),
  id: Type.Optional(Type.String({ maxLength: 200, description: "The gateway's message id" })),
  status: Type.Union([Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('undelivered'), Type.Literal('expired')]),
  error: Type.Optional(Type.String({ maxLength: 500 })),
  at: Type.Optional(DateTimeInput()),
}, { additionalProperties: true });
type DeliveryReport = Static<typeof Report>;

/**
 * Delivery reports from the SMS gateway (docs/comms/sms-gateway.md). The gateway proves
 * itself with the bearer credential SMS_CALLBACK_TOKEN; the route is otherwise public
 * because the gateway is no Rebound user. Reports are matched by our reference, which a
 * gateway may report before Rebound has even recorded its own "sent".
 */
export const smsDeliveryReportsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.post('/api/comms/sms/delivery-reports', {
    config: { access: { public: true } },
    schema: {
      tags: ['communications'],
      summary: 'Delivery reports from the SMS gateway (Authorization: Bearer SMS_CALLBACK_TOKEN)',
      security: [],
      body: Type.Union([Report, Type.Object({ reports: Type.Array(Report, { minItems: 1, maxItems: 1000 }) })]),
      response: { 200: Type.Object({ updated: Type.Integer() }), ...problemResponses(400, 401) },
    },
    // Authenticate before the body is parsed, like every other route.
    onRequest: async (request) => {
      const expected = ctx.config.SMS_CALLBACK_TOKEN;
      const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!expected || !given || !safeEqual(given, expected)) throw unauthorized('Delivery reports need the gateway credential');
    },
  }, async (request) => {
    const reports: DeliveryReport[] = 'reports' in request.body ? request.body.reports : [request.body as DeliveryReport];
    const now = ctx.clock.now();
    const rows = await ctx.db.query(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(reference text, id text, status text, error text, at timestamptz))
       UPDATE comms_messages m SET
         status = CASE
           WHEN i.status = 'delivered' AND m.status IN ('sending', 'sent') THEN 'delivered'
           WHEN i.status = 'undelivered' AND m.status IN ('sending', 'sent', 'delivered') THEN 'bounced'
           WHEN i.status IN ('failed', 'expired') AND m.status IN ('sending', 'sent', 'delivered') THEN 'failed'
           ELSE m.status END,
         delivered_at = CASE WHEN i.status = 'delivered' THEN coalesce(i.at, $2) ELSE m.delivered_at END,
         failed_at = CASE WHEN i.status <> 'delivered' THEN coalesce(i.at, $2) ELSE m.failed_at END,
         status_reason = CASE WHEN i.status <> 'delivered' THEN 'gateway reported ' || i.status || coalesce(': ' || i.error, '') ELSE m.status_reason END,
         provider_id = coalesce(m.provider_id, i.id)
       FROM input i
       WHERE m.channel = 'sms' AND m.idempotency_key = i.reference
       RETURNING m.id`,
      [JSON.stringify(reports.map((r) => ({ reference: r.reference, id: r.id ?? null, status: r.status, error: r.error ?? null, at: r.at ?? null }))), now],
    );
    return { updated: rows.length };
  });
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, problemResponses } from '../../platform/http/schemas.ts';
import { partnerStores } from './notify-partners.ts';

const Partner = Type.Object({
  partner: Type.String({ minLength: 1, maxLength: 200, description: "a chain name as on the locations, or a distributor's location external id" }),
  contact_email: Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
  webhook_endpoint_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
});

/** Who a recall tells among retail chains and distributors, and what each of them is told. */
export const partnerRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/recall-partners', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: 'Retail chains and distributors with their contact and webhook endpoint', response: { 200: Type.Array(Partner), ...problemResponses(401, 403) } },
  }, async () => ctx.db.query('SELECT partner, contact_email, webhook_endpoint_id FROM recall_partners ORDER BY partner') as never);

  app.put('/api/recall-partners', {
    config: { access: { permission: 'recalls:write' } },
    schema: { tags: ['recalls'], summary: "Register or change a partner's contact and the webhook endpoint its recall notices go to", body: Partner, response: { 200: Partner, ...problemResponses(400, 401, 403, 422) } },
  }, async (request) => {
    const body = request.body;
    return ctx.db.transaction(async (tx) => {
      if (body.webhook_endpoint_id !== null) {
        const [endpoint] = await tx.query('SELECT id FROM comms_webhook_endpoints WHERE id = $1 AND active', [body.webhook_endpoint_id]);
        if (!endpoint) throw new AppError('unprocessable', `no active webhook endpoint ${body.webhook_endpoint_id}: register it first (POST /api/comms/webhook-endpoints)`, 'recall.unknown_endpoint', { errors: [{ field: 'body.webhook_endpoint_id', message: 'no such active endpoint' }] });
      }
      const [row] = await tx.query(
        `INSERT INTO recall_partners (partner, contact_email, webhook_endpoint_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (partner) DO UPDATE SET contact_email = excluded.contact_email, webhook_endpoint_id = excluded.webhook_endpoint_id, updated_at = excluded.updated_at
         RETURNING partner, contact_email, webhook_endpoint_id`,
        [body.partner, body.contact_email, body.webhook_endpoint_id, ctx.clock.now()]);
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'set_partner', entity: 'recall_partner', entityId: body.partner, details: body });
      return row as never;
    });
  });

  app.get('/api/recalls/:id/partners', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: 'What each retail chain and distributor is told: its own locations, lots and quantities', params: IdParams, response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...problemResponses(400, 401, 403) } },
  }, async (request) => partnerStores(ctx.db, request.params.id) as never);
};

import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../platform/audit/audit.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { isPgError } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, problemResponses, Timestamp } from '../../platform/http/schemas.ts';
import { enqueueWebhook } from '../outbox/enqueue-webhook.ts';
import { literalDestinationProblem, parseNetworks } from './safe-destination.ts';

const read = { access: { permission: 'comms:read' as const } };
const write = { access: { permission: 'comms:write' as const } };
const tags = ['communications'];
const Endpoint = Type.Object({ id: Type.Integer(), name: Type.String(), url: Type.String(), active: Type.Boolean(), created_at: Timestamp });

export const webhookEndpointsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/comms/webhook-endpoints', {
    config: read,
    schema: { tags, summary: 'Receivers of signed outgoing webhooks (secrets are never shown again)', response: { 200: Type.Array(Endpoint), ...problemResponses(401, 403) } },
  }, async () => ctx.db.query('SELECT id, name, url, active, created_at FROM comms_webhook_endpoints ORDER BY name') as never);

  const allowedNetworks = parseNetworks(ctx.config.COMMS_WEBHOOK_ALLOWED_NETWORKS);
  app.post('/api/comms/webhook-endpoints', {
    config: write,
    schema: {
      tags,
      summary: 'Register a receiver; the answer carries its signing secret, once',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ pattern: '^https?://', maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([Endpoint, Type.Object({ secret: Type.String() })]), ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const actor = actorOf(principalOf(request));
    // What a literal address gives away is refused now; a name is checked again at every send.
    const problem = literalDestinationProblem(request.body.url, allowedNetworks);
    if (problem) throw new AppError('invalid', `The receiver's URL ${problem}`, 'comms.webhook_destination_refused', { errors: [{ field: 'body.url', message: problem }] });
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    try {
      const endpoint = await ctx.db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          'INSERT INTO comms_webhook_endpoints (name, url, secret) VALUES ($1, $2, $3) RETURNING id, name, url, active, created_at',
          [request.body.name, request.body.url, secret],
        );
        await recordAudit(tx, actor, { action: 'create', entity: 'comms_webhook_endpoint', entityId: row!.id, details: { name: request.body.name, url: request.body.url } });
        return row!;
      });
      return reply.code(201).send({ ...endpoint, secret } as never);
    } catch (error) {
      if (isPgError(error, '23505')) throw new AppError('conflict', `an endpoint named ${request.body.name} exists`, 'comms.endpoint_exists');
      throw error;
    }
  });

  app.delete('/api/comms/webhook-endpoints/:id', {
    config: write,
    schema: { tags, summary: 'Deactivate a receiver; its queued deliveries are suppressed', params: IdParams, response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const actor = actorOf(principalOf(request));
    await ctx.db.transaction(async (tx) => {
      const rows = await tx.query('UPDATE comms_webhook_endpoints SET active = false WHERE id = $1 RETURNING id', [request.params.id]);
      if (!rows.length) throw notFound(`webhook endpoint ${request.params.id}`);
      await recordAudit(tx, actor, { action: 'deactivate', entity: 'comms_webhook_endpoint', entityId: request.params.id });
    });
    return reply.code(204).send(null);
  });

  app.post('/api/comms/webhook-endpoints/:id/deliveries', {
    config: write,
    schema: {
      tags,
      summary: 'Queue a signed delivery to a receiver (retried with backoff until it answers 2xx)',
      params: IdParams,
      body: Type.Object({
        // Both travel in HTTP headers (X-Rebound-Event, X-Rebound-Delivery), which carry ASCII only: refused here, not at every retry.
        event: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description: 'Latin letters, digits and . _ : - such as order.created' }),
        delivery_key: Type.String({ minLength: 1, maxLength: 200, pattern: '^[!-~]+$', description: 'Unique per delivery: the same key is never delivered twice. Printable ASCII, no spaces' }),
        payload: Type.Unknown(),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ messageId: Type.Optional(Type.Integer()), status: Type.String() }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    return ctx.db.transaction(async (tx) => {
      const result = await enqueueWebhook(tx, ctx, {
        endpointId: request.params.id,
        event: request.body.event,
        payload: request.body.payload,
        deliveryKey: request.body.delivery_key,
        reason: 'manual',
      });
      await recordAudit(tx, actor, { action: 'queue', entity: 'comms_webhook_delivery', entityId: result.messageId ?? null, details: { event: request.body.event } });
      return result;
    });
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { maskSecretsDeep } from '../../platform/links/mask-secrets.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, Page, Paged, problemResponses } from '../../platform/http/schemas.ts';
import { CHANNELS } from '../channels/channel.ts';
import { enqueueMessages } from './enqueue.ts';
import { estimateSend } from './estimate.ts';
import { campaignProgress, getMessage, listMessages, MESSAGE_STATUSES, retryDeadLetters, type MessageStatus } from './messages.sql.ts';

const read = { access: { permission: 'comms:read' as const } };

/**
 * A message's variables and texts carry what acts for the customer (their survey, claim and
 * unsubscribe links, their voucher code). A caller without comms:read-secrets reads them
 * masked, and the answer says so (`masked: true`), so a screen can tell its reader.
 */
function forReader<T extends Record<string, unknown>>(request: FastifyRequest, row: T): T & { masked: boolean } {
  if (principalOf(request).permissions.has('comms:read-secrets')) return { ...row, masked: false };
  return { ...maskSecretsDeep(row), masked: true };
}
const write = { access: { permission: 'comms:write' as const } };
const tags = ['communications'];
const Row = Type.Record(Type.String(), Type.Unknown());
const ChannelSchema = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
const CustomerChannelSchema = Type.Union([Type.Literal('email'), Type.Literal('sms')]);
const Campaign = Type.String({ minLength: 1, maxLength: 200 });
const Estimate = Type.Object({
  channel: Type.String(),
  messages: Type.Integer(),
  queuedAhead: Type.Integer(),
  ratePerSecond: Type.Number(),
  rateBasis: Type.String(),
  estimatedSeconds: Type.Integer(),
  estimatedCompletionAt: Type.String({ format: 'date-time' }),
});

export const outboxRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/comms/messages', {
    config: read,
    schema: {
      tags,
      summary: 'Outbox messages with their delivery status',
      querystring: Type.Object({
        status: Type.Optional(Type.Union(MESSAGE_STATUSES.map((s) => Type.Literal(s)))),
        channel: Type.Optional(ChannelSchema),
        campaign: Type.Optional(Campaign),
        customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
        ...Page,
      }, { additionalProperties: false }),
      response: { 200: Paged(Row), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, status, channel, campaign, customer_id } = request.query;
    const page = await listMessages(ctx.db, { status: status as MessageStatus | undefined, channel, campaign, customerId: customer_id, limit, offset });
    return { ...page, items: page.items.map((item) => forReader(request, item as Record<string, unknown>)) };
  });

  app.get('/api/comms/messages/:id', {
    config: read,
    schema: { tags, summary: 'One message: why it exists, its attempts and status; voucher codes and signed links in it come masked (masked: true) without comms:read-secrets', params: IdParams, response: { 200: Row, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const message = await getMessage(ctx.db, request.params.id);
    if (!message) throw notFound(`message ${request.params.id}`);
    return forReader(request, message);
  });

  app.get('/api/comms/dead-letters', {
    config: read,
    schema: {
      tags,
      summary: 'Messages that failed for good (or bounced), with the reason; retry them with POST /api/comms/dead-letters/retry',
      querystring: Type.Object({ channel: Type.Optional(ChannelSchema), campaign: Type.Optional(Campaign), ...Page }, { additionalProperties: false }),
      response: { 200: Paged(Row), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, channel, campaign } = request.query;
    const page = await listMessages(ctx.db, { channel, campaign, deadOnly: true, limit, offset });
    return { ...page, items: page.items.map((item) => forReader(request, item as Record<string, unknown>)) };
  });

  app.post('/api/comms/dead-letters/retry', {
    config: write,
    schema: {
      tags,
      summary: 'Queue dead letters again (by ids, by campaign, or all)',
      body: Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100_000 })), campaign: Type.Optional(Campaign) }, { additionalProperties: false }),
      response: { 200: Type.Object({ retried: Type.Integer() }), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    return ctx.db.transaction(async (tx) => {
      const retried = await retryDeadLetters(tx, ctx, request.body, actor.label);
      await recordAudit(tx, actor, { action: 'retry', entity: 'comms_dead_letters', details: { ...request.body, retried } });
      return { retried };
    });
  });

  app.post('/api/comms/messages/:id/retry', {
    config: write,
    schema: { tags, summary: 'Queue one dead letter again', params: IdParams, response: { 200: Type.Object({ retried: Type.Integer() }), ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const message = await getMessage(ctx.db, request.params.id);
    if (!message) throw notFound(`message ${request.params.id}`);
    return ctx.db.transaction(async (tx) => {
      const retried = await retryDeadLetters(tx, ctx, { ids: [request.params.id] }, actor.label);
      if (!retried) throw new AppError('conflict', `message ${request.params.id} is ${String(message.status)}, not a dead letter`, 'comms.not_dead_letter');
      await recordAudit(tx, actor, { action: 'retry', entity: 'comms_message', entityId: request.params.id });
      return { retried };
    });
  });

  app.get('/api/comms/campaigns/:campaign', {
    config: read,
    schema: {
      tags,
      summary: 'Progress of a campaign or process step: messages per channel and status, and when the rest will be out',
      params: Type.Object({ campaign: Campaign }),
      response: {
        200: Type.Object({ campaign: Type.String(), counts: Type.Array(Type.Object({ channel: Type.String(), status: Type.String(), n: Type.Integer() })), remaining: Type.Array(Estimate) }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const counts = await campaignProgress(ctx.db, request.params.campaign);
    if (!counts.length) throw notFound(`campaign ${request.params.campaign}`);
    const remaining = [];
    for (const channel of new Set(counts.map((c) => c.channel))) {
      const waiting = counts.filter((c) => c.channel === channel && (c.status === 'queued' || c.status === 'sending')).reduce((sum, c) => sum + c.n, 0);
      if (waiting) remaining.push(await estimateSend(ctx.db, ctx.config, channel, 0, ctx.clock.now()));
    }
    return { campaign: request.params.campaign, counts, remaining: remaining.map(serialiseEstimate) };
  });

  app.post('/api/comms/estimate', {
    config: read,
    schema: {
      tags,
      summary: 'Expected completion time of a mass send on a channel, before it starts',
      body: Type.Object({ channel: ChannelSchema, messages: Type.Integer({ minimum: 0, maximum: 100_000_000 }) }, { additionalProperties: false }),
      response: { 200: Estimate, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => serialiseEstimate(await estimateSend(ctx.db, ctx.config, request.body.channel, request.body.messages, ctx.clock.now())));

  app.post('/api/comms/sends', {
    config: write,
    schema: {
      tags,
      summary: 'Send a template to customers (a mass send); each (customer, campaign, channel) gets one message at most, ever',
      body: Type.Object({
        template_key: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' }),
        channels: Type.Array(CustomerChannelSchema, { minItems: 1, uniqueItems: true }),
        campaign: Campaign,
        reason: Type.String({ minLength: 1, maxLength: 100 }),
        customer_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100_000 }),
        variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        safety: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ queued: Type.Integer(), suppressed: Type.Integer(), duplicate: Type.Integer(), estimates: Type.Array(Estimate) }),
        ...problemResponses(400, 401, 403, 422),
      },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const body = request.body;
    const summary = await ctx.db.transaction(async (tx) => {
      const result = await enqueueMessages(tx, ctx, {
        templateKey: body.template_key,
        channels: body.channels,
        campaign: body.campaign,
        reason: body.reason,
        safety: body.safety,
        recipients: body.customer_ids.map((customerId) => ({ customerId, variables: body.variables })),
      });
      await recordAudit(tx, actor, { action: 'send', entity: 'comms_campaign', entityId: body.campaign, details: { template: body.template_key, channels: body.channels, queued: result.queued, suppressed: result.suppressed } });
      return result;
    });
    const estimates = [];
    for (const channel of body.channels) estimates.push(serialiseEstimate(await estimateSend(ctx.db, ctx.config, channel, 0, ctx.clock.now())));
    return { queued: summary.queued, suppressed: summary.suppressed, duplicate: summary.duplicate, estimates };
  });
};

const serialiseEstimate = (e: Awaited<ReturnType<typeof estimateSend>>) => ({ ...e, estimatedCompletionAt: e.estimatedCompletionAt.toISOString() });

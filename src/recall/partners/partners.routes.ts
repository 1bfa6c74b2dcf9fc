import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, problemResponses } from '../../platform/http/schemas.ts';
import { partnerStores } from './notify-partners.ts';
import { confirmationSummary, confirmStoreRemoval, openStoreLink, partnerConfirmations, storeConfirmationView } from './store-confirmations.ts';

const Partner = Type.Object({
  partner: Type.String({ minLength: 1, maxLength: 200, description: "a chain name as on the locations, or a distributor's location external id" }),
  contact_email: Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
  webhook_endpoint_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  account_owner_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1, description: 'the user told when the partner stays silent about a recall; unset: every manager' }), Type.Null()])),
});

const RemovalLots = Type.Array(Type.Object({
  gtin: Type.String({ minLength: 8, maxLength: 14 }),
  lot: Type.String({ minLength: 1, maxLength: 20 }),
  quantity: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'units counted and taken off the shelves' }),
}, { additionalProperties: false }), { maxItems: 200 });
const ConfirmationFields = {
  outcome: Type.Union([Type.Literal('removed'), Type.Literal('none_on_hand')]),
  lots: Type.Optional(RemovalLots),
  counted_by: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
};
const Confirmed = Type.Object({
  location: Type.String(), partner: Type.String(), outcome: Type.String(), units_removed: Type.Integer(), confirmed_at: Type.String({ format: 'date-time' }), replaced: Type.Boolean(),
});
const TokenQuery = Type.Object({ token: Type.String({ minLength: 10, maxLength: 2000 }) }, { additionalProperties: false });
const Row = Type.Record(Type.String(), Type.Unknown());

const PartnerListing = Type.Intersect([Partner, Type.Object({
  label: Type.String({ description: "the chain's name, or the distributor's location name" }),
  kind: Type.Union([Type.Literal('chain'), Type.Literal('distributor'), Type.Literal('location'), Type.Literal('unknown')], { description: "unknown: registered, but no location names it (a chain renamed since?)" }),
  locations: Type.Integer(),
  updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})]);

/**
 * Every partner a recall can concern: each retail chain on the locations, each distributor,
 * and any partner registered by name — with its contact, so the console can list the ones
 * without one before a recall needs them (issue 11).
 */
const PARTNERS_SQL = `WITH known AS (
    SELECT coalesce(chain, external_id) AS partner,
           CASE WHEN bool_or(chain IS NOT NULL) THEN 'chain' WHEN bool_or(kind = 'distributor') THEN 'distributor' ELSE 'location' END AS kind,
           CASE WHEN bool_or(chain IS NOT NULL) THEN min(chain) ELSE min(name) END AS label, count(*)::int AS locations
    FROM locations WHERE chain IS NOT NULL OR kind = 'distributor'
    GROUP BY coalesce(chain, external_id))
  SELECT coalesce(k.partner, p.partner) AS partner, coalesce(k.label, p.partner) AS label, coalesce(k.kind, 'unknown') AS kind,
         coalesce(k.locations, 0) AS locations, p.contact_email, p.webhook_endpoint_id, p.updated_at
  FROM known k FULL JOIN recall_partners p ON p.partner = k.partner
  ORDER BY (p.contact_email IS NULL AND p.webhook_endpoint_id IS NULL) DESC, 2`;

/** Who a recall tells among retail chains and distributors, and what each of them is told. */
export const partnerRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/recall-partners', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: 'Every retail chain and distributor with its contact and webhook endpoint; those without either first', response: { 200: Type.Array(PartnerListing), ...problemResponses(401, 403) } },
  }, async () => ctx.db.query(PARTNERS_SQL) as never);

  app.put('/api/recall-partners', {
    config: { access: { permission: 'recalls:write' } },
    schema: { tags: ['recalls'], summary: "Register or change a partner's contact and the webhook endpoint its recall notices go to", body: Partner, response: { 200: Partner, ...problemResponses(400, 401, 403, 422) } },
  }, async (request) => {
    const body = request.body;
    return ctx.db.transaction(async (tx) => {
      // A contact under a name no location carries would never be used: refuse the typo.
      const [known] = await tx.query(
        `SELECT 1 FROM locations WHERE chain = $1 OR (chain IS NULL AND external_id = $1) UNION ALL SELECT 1 FROM recall_partners WHERE partner = $1 LIMIT 1`, [body.partner]);
      if (!known) throw new AppError('unprocessable', `no retail chain or location is called ${body.partner}: use a chain name as on the locations, or a distributor's external id`, 'recall.unknown_partner', { errors: [{ field: 'body.partner', message: 'no such chain or location' }] });
      if (body.webhook_endpoint_id !== null) {
        const [endpoint] = await tx.query('SELECT id FROM comms_webhook_endpoints WHERE id = $1 AND active', [body.webhook_endpoint_id]);
        if (!endpoint) throw new AppError('unprocessable', `no active webhook endpoint ${body.webhook_endpoint_id}: register it first (POST /api/comms/webhook-endpoints)`, 'recall.unknown_endpoint', { errors: [{ field: 'body.webhook_endpoint_id', message: 'no such active endpoint' }] });
      }
      if (body.account_owner_id != null) {
        const [owner] = await tx.query('SELECT id FROM users WHERE id = $1 AND disabled_at IS NULL', [body.account_owner_id]);
        if (!owner) throw new AppError('unprocessable', `no active user ${body.account_owner_id}`, 'recall.unknown_account_owner', { errors: [{ field: 'body.account_owner_id', message: 'no such active user' }] });
      }
      const [row] = await tx.query(
        `INSERT INTO recall_partners (partner, contact_email, webhook_endpoint_id, account_owner_id, updated_at) VALUES ($1, $2, $3, $5, $4)
         ON CONFLICT (partner) DO UPDATE SET contact_email = excluded.contact_email, webhook_endpoint_id = excluded.webhook_endpoint_id,
           account_owner_id = CASE WHEN $6 THEN excluded.account_owner_id ELSE recall_partners.account_owner_id END, updated_at = excluded.updated_at
         RETURNING partner, contact_email, webhook_endpoint_id, account_owner_id`,
        // An omitted owner keeps the one set before; null removes it.
        [body.partner, body.contact_email, body.webhook_endpoint_id, ctx.clock.now(), body.account_owner_id ?? null, body.account_owner_id !== undefined]);
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'set_partner', entity: 'recall_partner', entityId: body.partner, details: body });
      return row as never;
    });
  });

  app.get('/api/recalls/:id/partners', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: 'What each retail chain and distributor is told: its own locations, lots and quantities', params: IdParams, response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...problemResponses(400, 401, 403) } },
  }, async (request) => partnerStores(ctx.db, request.params.id) as never);

  app.get('/api/recalls/:id/store-confirmations', {
    config: { access: { permission: 'recalls:read' } },
    schema: {
      tags: ['recalls'],
      summary: 'Per partner: stores confirmed, none on hand and silent, units removed against units delivered, reminded and escalated',
      params: IdParams,
      response: { 200: Type.Object({ summary: Row, partners: Type.Array(Row) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const [recall] = await ctx.db.query('SELECT 1 FROM recalls WHERE id = $1', [request.params.id]);
    if (!recall) throw new AppError('not_found', `recall ${request.params.id} was not found`);
    const partners = await partnerConfirmations(ctx.db, request.params.id);
    return { summary: confirmationSummary(partners), partners } as never;
  });

  app.post('/api/recalls/:id/store-confirmations', {
    config: { access: { permission: 'recalls:returns' } },
    schema: {
      tags: ['recalls'],
      summary: 'A partner confirms one store cleared the recalled lots, with the units counted per lot, or had none on hand (a repeat is a recount and replaces it)',
      params: IdParams,
      body: Type.Object({ location: Type.String({ minLength: 1, maxLength: 100, description: "the store's external id or GLN" }), ...ConfirmationFields }, { additionalProperties: false }),
      response: { 200: Confirmed, ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => confirmStoreRemoval(ctx.db, ctx.clock, actorOf(principalOf(request)), 'api', request.params.id, request.body) as never);

  app.get('/api/public/store-confirmations', {
    config: { access: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: "A store's recall confirmation, opened by the signed link in its partner's notice: the recall, the store and its recalled lots",
      security: [],
      querystring: TokenQuery,
      response: { 200: Row, ...problemResponses(400, 403, 404, 429) },
    },
  }, async (request) => {
    const link = openStoreLink(ctx, request.query.token);
    return storeConfirmationView(ctx.db, link.recallId, link.location) as never;
  });

  app.post('/api/public/store-confirmations', {
    config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'The store confirms through its signed link: units removed per lot, or none on hand',
      security: [],
      querystring: TokenQuery,
      body: Type.Object(ConfirmationFields, { additionalProperties: false }),
      response: { 200: Confirmed, ...problemResponses(400, 403, 404, 409, 422, 429) },
    },
  }, async (request) => {
    const link = openStoreLink(ctx, request.query.token);
    const actor = { kind: 'system' as const, label: `store ${link.location} by its link${request.body.counted_by ? ` (${request.body.counted_by})` : ''}` };
    return confirmStoreRemoval(ctx.db, ctx.clock, actor, 'link', link.recallId, { ...request.body, location: link.location }) as never;
  });
};

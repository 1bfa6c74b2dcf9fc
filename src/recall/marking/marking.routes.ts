import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../platform/audit/audit.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { checkRecallCodes, markingSettings, recallMarking, shownSettings, tally, withdrawRecallUnits, WITHDRAWAL_ACTIONS } from './chestny-znak.ts';

const RecallParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Result = Type.Record(Type.String(), Type.Unknown());

/** Issue 16.9: Chestny ZNAK — the company's settings, and per recall the withdrawal and its outcome per code. */
export const markingRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/marking/chestny-znak/settings', {
    config: { access: { permission: 'company:manage' } },
    schema: { tags: ['recalls'], summary: 'Chestny ZNAK settings (the token is never shown, only whether it is set)', response: { 200: Result, ...problemResponses(401, 403) } },
  }, async () => shownSettings(await markingSettings(ctx)) as never);

  app.put('/api/marking/chestny-znak/settings', {
    config: { access: { permission: 'company:manage' } },
    schema: {
      tags: ['recalls'],
      summary: 'Configure Chestny ZNAK for the company (off by default); a token sent is stored write-only, an omitted token is kept',
      body: Type.Object({
        enabled: Type.Boolean(),
        base_url: Type.String({ pattern: '^https?://', maxLength: 500, description: 'e.g. https://markirovka.crpt.ru (production) or https://markirovka.sandbox.crptech.ru' }),
        product_group: Type.String({ pattern: '^[a-z]{2,20}$', description: 'the product group (pg), e.g. milk, water, lp' }),
        inn: Type.String({ pattern: '^[0-9]{10}([0-9]{2})?$', description: 'the participant INN (10 or 12 digits)' }),
        token: Type.Optional(Type.String({ minLength: 16, maxLength: 4000, description: 'True API bearer token (simpleSignIn); never shown back' })),
        withdrawal_action: Type.Optional(Type.Union(WITHDRAWAL_ACTIONS.map((a) => Type.Literal(a)))),
      }, { additionalProperties: false }),
      response: { 200: Result, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const b = request.body;
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO marking_settings (id, enabled, base_url, product_group, inn, token, withdrawal_action, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET enabled = $1, base_url = $2, product_group = $3, inn = $4, token = COALESCE($5, marking_settings.token), withdrawal_action = $6, updated_at = $7`,
        [b.enabled, b.base_url, b.product_group, b.inn, b.token ?? null, b.withdrawal_action ?? 'OTHER', ctx.clock.now()]);
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'update', entity: 'marking_settings', entityId: 1, details: { enabled: b.enabled, base_url: b.base_url, product_group: b.product_group, token_changed: Boolean(b.token) } });
    });
    return shownSettings(await markingSettings(ctx)) as never;
  });

  const exists = async (id: number) => {
    if (!(await ctx.db.query('SELECT 1 FROM recalls WHERE id = $1', [id])).length) throw notFound('recall');
  };

  app.get('/api/recalls/:id/marking', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: "Chestny ZNAK outcome of a recall's marked units: per code withdrawn / pending / failed and its status", params: RecallParams, response: { 200: Result, ...problemResponses(401, 403, 404) } },
  }, async (request) => {
    await exists(request.params.id);
    return recallMarking(ctx, request.params.id) as never;
  });

  app.post('/api/recalls/:id/marking/withdraw', {
    config: { access: { permission: 'recalls:write' } },
    schema: { tags: ['recalls'], summary: "Take the recall's marked units out of circulation in Chestny ZNAK (LK_RECEIPT) and check each code's status", params: RecallParams, response: { 200: Result, ...problemResponses(401, 403, 404, 409, 422) } },
  }, async (request) => {
    await exists(request.params.id);
    const outcomes = await withdrawRecallUnits(ctx, actorOf(principalOf(request)), request.params.id);
    return { ...tally(outcomes), codes: outcomes } as never;
  });

  app.post('/api/recalls/:id/marking/check', {
    config: { access: { permission: 'recalls:write' } },
    schema: { tags: ['recalls'], summary: 'Check again the status of the recall\'s codes and of pending withdrawals', params: RecallParams, response: { 200: Result, ...problemResponses(401, 403, 404, 409, 422) } },
  }, async (request) => {
    await exists(request.params.id);
    const outcomes = await checkRecallCodes(ctx, actorOf(principalOf(request)), request.params.id);
    return { ...tally(outcomes), codes: outcomes } as never;
  });
};

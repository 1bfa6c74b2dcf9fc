import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { notFound } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { getBudget, listBudgets, saveBudget } from './budgets.ts';

const Budget = Type.Object({
  key: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  currency: Type.String(),
  limit_minor: Type.Integer(),
  spent_minor: Type.Integer(),
  remaining_minor: Type.Integer(),
  approved_by: Type.String({ description: 'who set the current limit' }),
  approved_at: Timestamp,
  closed_at: Nullable(Timestamp),
});
const KeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'lower-case letters, digits and dashes' }) });
const manage = { access: { permission: 'compensation:budgets' as const } };

export const budgetRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/compensation/budgets', {
    config: manage,
    schema: { tags: ['compensation'], summary: 'Compensation budgets: limit, spent, remaining, who approved', response: { 200: Type.Object({ items: Type.Array(Budget) }), ...problemResponses(401, 403) } },
  }, async () => ({ items: await listBudgets(ctx.db) }));

  app.get('/api/compensation/budgets/:key', {
    config: manage,
    schema: { tags: ['compensation'], summary: 'One compensation budget', params: KeyParams, response: { 200: Budget, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const budget = await getBudget(ctx.db, request.params.key);
    if (!budget) throw notFound(`compensation budget ${request.params.key}`);
    return budget;
  });

  app.put('/api/compensation/budgets/:key', {
    config: manage,
    schema: {
      tags: ['compensation'],
      summary: 'Create a budget or change its limit (the caller is recorded as the approver); a limit below what is spent is refused',
      params: KeyParams,
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        purpose: Type.Optional(Type.String({ maxLength: 2000 })),
        currency: Type.String({ pattern: '^[A-Z]{3}$' }),
        limit_minor: Type.Integer({ minimum: 0, maximum: 1e13, description: 'integer minor units (cents, öre, kopecks)' }),
        closed: Type.Optional(Type.Boolean({ description: 'a closed budget pays for nothing more' })),
      }, { additionalProperties: false }),
      response: { 200: Budget, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request) => {
    const { limit_minor: limitMinor, ...rest } = request.body;
    return saveBudget(ctx.db, ctx.clock, actorOf(principalOf(request)), { key: request.params.key, limitMinor, ...rest });
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, problemResponses } from '../../platform/http/schemas.ts';
import { chooseEffectivenessLevel, drawEffectivenessSample, effectivenessCheck, verifySampledParty } from './effectiveness.ts';

const Row = Type.Record(Type.String(), Type.Unknown());

/** Issue 16.5: the recall's effectiveness check — its FDA level, the drawn sample, and each sampled party's verification. */
export const effectivenessRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/recalls/:id/effectiveness', {
    config: { access: { permission: 'recalls:read' } },
    schema: {
      tags: ['recalls'], summary: "The recall's effectiveness check: level, sample, each party verified by record or by a person, and the outcome", params: IdParams,
      response: { 200: Type.Object({ check: Type.Union([Row, Type.Null()]) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const [recall] = await ctx.db.query('SELECT 1 FROM recalls WHERE id = $1', [request.params.id]);
    if (!recall) throw new AppError('not_found', `recall ${request.params.id} was not found`);
    return { check: await effectivenessCheck(ctx.db, request.params.id) } as never;
  });

  app.put('/api/recalls/:id/effectiveness', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'], summary: 'Choose the effectiveness-check level (FDA A: every consignee, B: a share above 10 % and below 100 %, C: 10 %, D: 2 %, E: none), until the sample is drawn', params: IdParams,
      body: Type.Object({
        level: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D'), Type.Literal('E')]),
        share_percent: Type.Optional(Type.Number({ exclusiveMinimum: 10, exclusiveMaximum: 100, description: 'level B only' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ level: Type.String(), share_percent: Type.Number() }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => chooseEffectivenessLevel(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.body.level, request.body.share_percent));

  app.post('/api/recalls/:id/effectiveness/sample', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'], summary: "Draw the random sample of consignees and consumers to verify, once; the seed is recorded (give one to repeat a draw elsewhere)", params: IdParams,
      body: Type.Optional(Type.Object({ seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })) }, { additionalProperties: false })),
      response: { 200: Row, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => drawEffectivenessSample(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.body?.seed) as never);

  app.put('/api/recalls/:id/effectiveness/sample/:sampleId', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'], summary: 'Record what a sampled party said when asked: whether the notice reached them and whether they acted on it',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), sampleId: Type.Integer({ minimum: 1 }) }),
      body: Type.Object({
        received: Type.Boolean(), acted: Type.Boolean(),
        method: Type.Union([Type.Literal('phone'), Type.Literal('email'), Type.Literal('visit'), Type.Literal('letter')]),
        note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 200: Row, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => verifySampledParty(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.params.sampleId, request.body) as never);
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import type { AppContext } from '../platform/http/context.ts';
import { Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { deployDecision, evaluateDeployedDecision, latestDecisionXml, listDecisions } from './decisions/decisions.sql.ts';
import { deployForm } from './forms/forms.sql.ts';
import { acceptXmlBodies } from './xml-body.ts';

const Json = Type.Record(Type.String(), Type.Unknown());
const Deployed = Type.Object({ id: Type.Integer(), decisionKey: Type.String(), version: Type.Integer(), decisionIds: Type.Array(Type.String()), created: Type.Boolean() });

export const decisionRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptXmlBodies(app);

  app.post('/api/decisions', {
    config: { access: { permission: 'rules:deploy' } },
    schema: {
      tags: ['rules'], summary: 'Deploy a DMN file (XML) as the next version of its key (the <definitions> id)',
      consumes: ['application/xml', 'text/xml'], body: Type.String({ minLength: 1 }),
      response: { 201: Deployed, 200: Deployed, ...problemResponses(400, 401, 403, 415, 422) },
    },
  }, async (request, reply) => {
    const deployed = await deployDecision(ctx.db, request.body, actorOf(principalOf(request)));
    return reply.code(deployed.created ? 201 : 200).send(deployed);
  });

  app.get('/api/decisions', {
    config: { access: { permission: 'rules:read' } },
    schema: {
      tags: ['rules'], summary: 'Deployed decisions, latest version of each',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ decisionKey: Type.String(), version: Type.Integer(), name: Nullable(Type.String()), decisionIds: Type.Array(Type.String()), deployedAt: Timestamp })) }), ...problemResponses(401, 403) },
    },
  }, async () => ({ items: await listDecisions(ctx.db) }));

  app.get('/api/decisions/:key', {
    config: { access: { permission: 'rules:read' } },
    schema: {
      tags: ['rules'], summary: 'The latest version of a decision with its DMN XML (what the decision editor opens)',
      params: Type.Object({ key: Type.String() }),
      response: { 200: Type.Object({ decisionKey: Type.String(), version: Type.Integer(), name: Nullable(Type.String()), xml: Type.String(), deployedAt: Timestamp, deployedBy: Type.String() }), ...problemResponses(401, 403, 404) },
    },
  }, async (request) => latestDecisionXml(ctx.db, request.params.key));

  app.post('/api/decisions/:key/evaluate', {
    config: { access: { permission: 'rules:evaluate' } },
    schema: {
      tags: ['rules'], summary: 'Evaluate the latest version of a decision with the given inputs',
      params: Type.Object({ key: Type.String() }),
      body: Type.Object({ decision: Type.Optional(Type.String()), context: Json }, { additionalProperties: false }),
      response: { 200: Type.Object({ version: Type.Integer(), decisionId: Type.String(), value: Type.Unknown(), errors: Type.Array(Type.String()), warnings: Type.Array(Type.String()), matchedRules: Type.Array(Type.Unknown()) }), ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const result = await evaluateDeployedDecision(ctx.db, request.params.key, request.body.decision ?? null, request.body.context);
    return { version: result.version, decisionId: result.decisionId, value: result.value, errors: result.errors, warnings: result.warnings, matchedRules: result.matchedRules };
  });

  app.post('/api/forms', {
    config: { access: { permission: 'processes:deploy' } },
    schema: {
      tags: ['processes'], summary: 'Deploy a user-task form (form-js JSON schema) under its id',
      body: Json,
      response: { 201: Type.Object({ id: Type.Integer(), formKey: Type.String(), version: Type.Integer(), created: Type.Boolean() }), 200: Type.Object({ id: Type.Integer(), formKey: Type.String(), version: Type.Integer(), created: Type.Boolean() }), ...problemResponses(400, 401, 403, 422) },
    },
  }, async (request, reply) => {
    const form = await deployForm(ctx.db, request.body, actorOf(principalOf(request)));
    return reply.code(form.created ? 201 : 200).send(form);
  });
};

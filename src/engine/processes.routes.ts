import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../platform/auth/principal.ts';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import type { AppContext } from '../platform/http/context.ts';
import { IdParams, Nullable, Page, Paged, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { deployProcess } from './definitions/deploy-process.ts';
import { listProcesses, listVersions, versionWithXml } from './definitions/definitions.sql.ts';
import { correlateMessage } from './runtime/correlate-message.ts';
import { startInstance } from './runtime/start-instance.ts';
import { getInstance, instanceTimeline, listInstances } from './runtime/timeline.ts';
import { acceptXmlBodies } from './xml-body.ts';

const Variables = Type.Record(Type.String(), Type.Unknown());
const Definition = Type.Object({
  id: Type.Integer(), processId: Type.String(), version: Type.Integer(), name: Nullable(Type.String()), executable: Type.Boolean(),
  deployedAt: Timestamp, deployedBy: Type.String(), runningInstances: Type.Integer(),
});
const Instance = Type.Object({
  id: Type.Integer(), processId: Type.String(), version: Type.Integer(), businessKey: Nullable(Type.String()), status: Type.String(),
  variables: Variables, startedBy: Type.String(), startedAt: Timestamp, updatedAt: Timestamp, endedAt: Nullable(Timestamp), error: Nullable(Type.String()),
});
const Event = Type.Object({
  id: Type.Integer(), instanceId: Type.Integer(), processId: Type.String(), businessKey: Nullable(Type.String()), event: Type.String(),
  activityId: Nullable(Type.String()), activityType: Nullable(Type.String()), activityName: Nullable(Type.String()),
  actor: Type.Object({ kind: Type.String(), label: Type.String() }), data: Variables, at: Timestamp,
});
/** What cannot run in a deployed model, per element with the line it is written on. */
const CannotRun = Type.Array(Type.Object({ elementId: Nullable(Type.String()), line: Nullable(Type.Integer()), problem: Type.String() }));
const Deployed = Type.Object({ id: Type.Integer(), processId: Type.String(), version: Type.Integer(), executable: Type.Boolean(), created: Type.Boolean(), cannotRun: CannotRun });
const tags = ['processes'];

export const processRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptXmlBodies(app);

  app.post('/api/processes', {
    config: { access: { permission: 'processes:deploy' } },
    schema: {
      tags, summary: 'Deploy a BPMN model (the XML, as application/xml); the same process id again makes a new version',
      description: 'A model without an executable process is stored for viewing, with what cannot run listed per element (cannotRun). A model with one is refused (422) with every problem, each element named with its line (elements).',
      consumes: ['application/xml', 'text/xml'],
      body: Type.String({ minLength: 1 }),
      response: {
        201: Deployed,
        200: Deployed,
        ...problemResponses(400, 401, 403, 415, 422),
      },
    },
  }, async (request, reply) => {
    const deployed = await deployProcess(ctx.db, ctx.clock, request.body, actorOf(principalOf(request)));
    return reply.code(deployed.created ? 201 : 200).send(deployed);
  });

  app.get('/api/processes', {
    config: { access: { permission: 'processes:read' } },
    schema: { tags, summary: 'Processes: the latest version of each', response: { 200: Type.Object({ items: Type.Array(Definition) }), ...problemResponses(401, 403) } },
  }, async () => ({ items: await listProcesses(ctx.db) }));

  app.get('/api/processes/:processId/versions', {
    config: { access: { permission: 'processes:read' } },
    schema: { tags, summary: 'Every deployed version of a process', params: Type.Object({ processId: Type.String() }), response: { 200: Type.Object({ items: Type.Array(Definition) }), ...problemResponses(401, 403) } },
  }, async (request) => ({ items: await listVersions(ctx.db, request.params.processId) }));

  app.get('/api/processes/:processId/versions/:version', {
    config: { access: { permission: 'processes:read' } },
    schema: {
      tags, summary: 'One deployed version with its BPMN XML (what the modeler opens and the instance viewer draws)',
      params: Type.Object({ processId: Type.String(), version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
      response: { 200: Type.Intersect([Definition, Type.Object({ xml: Type.String(), cannotRun: CannotRun })]), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => versionWithXml(ctx.db, request.params.processId, request.params.version));

  app.post('/api/processes/:processId/instances', {
    config: { access: { permission: 'processes:operate' } },
    schema: {
      tags, summary: 'Start an instance of the latest version',
      params: Type.Object({ processId: Type.String() }),
      body: Type.Object({ businessKey: Type.Optional(Type.String({ maxLength: 200 })), variables: Type.Optional(Variables) }, { additionalProperties: false }),
      response: { 201: Type.Object({ instanceId: Type.Integer(), processId: Type.String(), version: Type.Integer(), status: Type.String() }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const started = await startInstance(ctx, { processId: request.params.processId, businessKey: request.body.businessKey, variables: request.body.variables, actor: actorOf(principalOf(request)) });
    return reply.code(201).send(started);
  });

  app.get('/api/instances', {
    config: { access: { permission: 'processes:read' } },
    schema: {
      tags, summary: 'Process instances, newest first',
      querystring: Type.Object({
        processId: Type.Optional(Type.String()), businessKey: Type.Optional(Type.String()),
        status: Type.Optional(Type.Union(['running', 'completed', 'failed', 'terminated'].map((s) => Type.Literal(s)))), ...Page,
      }, { additionalProperties: false }),
      response: { 200: Paged(Instance), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, ...filter } = request.query;
    return { ...(await listInstances(ctx.db, { ...filter, limit, offset })), limit, offset };
  });

  app.get('/api/instances/:id', {
    config: { access: { permission: 'processes:read' } },
    schema: {
      tags, summary: 'One instance with where it waits', params: IdParams,
      response: { 200: Type.Intersect([Instance, Type.Object({ waitingAt: Type.Array(Type.Object({ activityId: Type.String(), kind: Type.String() })) })]), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => getInstance(ctx.db, request.params.id));

  app.get('/api/instances/:id/timeline', {
    config: { access: { permission: 'processes:read' } },
    schema: { tags, summary: 'Audit trail: activities entered and left, by whom, variables changed', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Event) }), ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    await getInstance(ctx.db, request.params.id);
    return { items: await instanceTimeline(ctx.db, request.params.id) };
  });

  app.post('/api/messages', {
    config: { access: { permission: 'processes:operate' } },
    schema: {
      tags, summary: 'Correlate a message by name and business key (or start a process with that message start event)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), businessKey: Type.Optional(Type.String({ maxLength: 200 })), variables: Type.Optional(Variables) }, { additionalProperties: false }),
      response: { 200: Type.Object({ correlated: Type.Array(Type.Integer()), started: Type.Array(Type.Integer()) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => correlateMessage(ctx, { ...request.body, actor: actorOf(principalOf(request)) }));
};

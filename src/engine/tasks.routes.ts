import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import type { AppContext } from '../platform/http/context.ts';
import { IdParams, Nullable, Page, Paged, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { listIncidents, retryIncident } from './runtime/incidents.ts';
import { taskWorkerOf } from './tasks/task-worker.ts';
import { claimTask, completeTask, getTask, listTasks, reassignTask, TASK_SORTS, type TaskSort } from './tasks/tasks.sql.ts';

const Json = Type.Record(Type.String(), Type.Unknown());
const Task = Type.Object({
  id: Type.Integer(), instanceId: Type.Integer(), processId: Type.String(), businessKey: Nullable(Type.String()), activityId: Type.String(),
  name: Nullable(Type.String()), status: Type.String(), assignee: Nullable(Type.String()), candidateRoles: Type.Array(Type.String()),
  candidateGroups: Type.Array(Type.String()), priority: Type.Integer(), dueAt: Nullable(Timestamp), formId: Nullable(Type.Integer()),
  escalatedAt: Nullable(Timestamp), createdAt: Timestamp, completedAt: Nullable(Timestamp), completedBy: Nullable(Type.String()),
});
const work = { access: { permission: 'tasks:work' as const } };
const tags = ['tasks'];

export const taskRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/tasks', {
    config: work,
    schema: {
      tags, summary: 'Tasks for my roles or assigned to me (all tasks with tasks:assign), by due time',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')])),
        mine: Type.Optional(Type.Boolean()),
        offered: Type.Optional(Type.Boolean({ description: 'only unassigned tasks one of my roles may claim' })),
        sort: Type.Optional(Type.Union(Object.keys(TASK_SORTS).map((s) => Type.Literal(s)), { description: 'default due_at (soonest first)' })),
        businessKey: Type.Optional(Type.String()), processId: Type.Optional(Type.String()),
        instanceId: Type.Optional(Type.Integer()), ...Page,
      }, { additionalProperties: false }),
      response: { 200: Paged(Task), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, sort, ...filter } = request.query;
    return { ...(await listTasks(ctx.db, taskWorkerOf(principalOf(request)), { ...filter, sort: sort as TaskSort | undefined, limit, offset })), limit, offset };
  });

  app.get('/api/tasks/:id', {
    config: work,
    schema: { tags, summary: 'A task with its form (form-js schema) and the instance variables', params: IdParams, response: { 200: Type.Intersect([Task, Type.Object({ form: Nullable(Json), variables: Json })]), ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => (await getTask(ctx.db, taskWorkerOf(principalOf(request)), request.params.id)) as never);

  app.post('/api/tasks/:id/claim', {
    config: work,
    schema: { tags, summary: 'Claim a task of one of my roles', params: IdParams, response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    await claimTask(ctx, taskWorkerOf(principalOf(request)), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/tasks/:id/complete', {
    config: work,
    schema: {
      tags, summary: 'Complete a task; the data are checked against its form and become process variables',
      params: IdParams, body: Type.Object({ data: Type.Optional(Json) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    await completeTask(ctx, taskWorkerOf(principalOf(request)), request.params.id, request.body.data ?? {});
    return reply.code(204).send(null);
  });

  app.post('/api/tasks/:id/assign', {
    config: { access: { permission: 'tasks:assign' } },
    schema: {
      tags, summary: 'Reassign a task to a person and/or candidate roles',
      params: IdParams,
      body: Type.Object({ assignee: Type.Optional(Nullable(Type.String({ maxLength: 320 }))), candidateRoles: Type.Optional(Type.Array(Type.String({ minLength: 1 }))) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await reassignTask(ctx, taskWorkerOf(principalOf(request)), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.get('/api/incidents', {
    config: { access: { permission: 'processes:read' } },
    schema: {
      tags: ['processes'], summary: 'Incidents: action calls that failed after their retries, decisions that failed',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])), ...Page }, { additionalProperties: false }),
      response: { 200: Paged(Type.Object({
        id: Type.Integer(), instanceId: Type.Integer(), processId: Type.String(), businessKey: Nullable(Type.String()), activityId: Type.String(),
        kind: Type.String(), error: Type.String(), status: Type.String(), action: Nullable(Type.String()), attempts: Nullable(Type.Integer()), createdAt: Timestamp,
      })), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, status } = request.query;
    return { ...(await listIncidents(ctx, { status, limit, offset })), limit, offset };
  });

  app.post('/api/incidents/:id/retry', {
    config: { access: { permission: 'processes:operate' } },
    // A retry without a body stays valid, as it was before it could carry variables.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags: ['processes'], summary: 'Retry an incident by hand; a condition incident may set the variables its condition lacked',
      params: IdParams,
      body: Type.Object({ variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await retryIncident(ctx, request.params.id, taskWorkerOf(principalOf(request)).actor, request.body.variables);
    return reply.code(204).send(null);
  });
};

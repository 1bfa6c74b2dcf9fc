import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import type { AppContext } from '../platform/http/context.ts';
import { Paged, problemResponses } from '../platform/http/schemas.ts';
import { getCase, getCaseDetail } from './case-detail.ts';
import { listCases, type CaseSort } from './case-list.sql.ts';
import type { CasePriority, CaseStatus } from './case-model.ts';
import { CaseChangesBody, CaseDetailSchema, CaseIdParams, CaseListItemSchema, CaseListQuery, CaseSchema, NewCaseBody, TimelineSchema } from './case.schemas.ts';
import { createCase } from './create-case.ts';
import { changeBy, READ, TAGS, WRITE } from './route-helpers.ts';
import { caseTimeline } from './timeline/timeline.ts';
import { recordFirstResponse, updateCase } from './update-case.ts';

export const casesRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/cases', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'Cases, filtered, sorted and paged on the server',
      querystring: CaseListQuery,
      response: { 200: Paged(CaseListItemSchema), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, owner, sort, status, priority, customer_id, q, ...rest } = request.query;
    const principal = principalOf(request);
    const ownerId = owner === undefined ? undefined : owner === 'none' ? null : owner === 'me' ? (principal.kind === 'user' ? principal.userId : -1) : Number(owner);
    return listCases(ctx.db, {
      ...rest,
      status: status as CaseStatus[] | undefined,
      priority: priority as CasePriority[] | undefined,
      ownerId,
      customerId: customer_id,
      text: q,
      sort: sort as CaseSort | undefined,
      limit,
      offset,
    });
  });

  app.post('/api/cases', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Open a case; its SLA due dates come from the policy for its type and priority',
      body: NewCaseBody,
      response: { 201: CaseSchema, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const { received_at, ...input } = request.body;
    const row = await createCase(ctx.db, ctx, { ...input, received_at: received_at ? new Date(received_at) : undefined }, changeBy(ctx, request));
    return reply.code(201).send(row);
  });

  app.get('/api/cases/:id', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'A case with its owner, SLA state, links and attachments',
      params: CaseIdParams,
      response: { 200: CaseDetailSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => getCaseDetail(ctx.db, request.params.id, ctx.clock.now()));

  app.patch('/api/cases/:id', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Change stage, owner, department, priority, status, title or description',
      description: 'Status open ↔ waiting_customer pauses and resumes the SLA clock; resolved → open reopens; closed is final. A priority change re-applies the SLA policy.',
      params: CaseIdParams,
      body: CaseChangesBody,
      response: { 200: CaseSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => updateCase(ctx.db, ctx, request.params.id, request.body, changeBy(ctx, request)));

  app.post('/api/cases/:id/first-response', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Record the first response to the customer (a call, a letter) when no status change marks it',
      params: CaseIdParams,
      body: Type.Object({ how: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. phone call' }) }, { additionalProperties: false }),
      response: { 200: CaseSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => recordFirstResponse(ctx.db, request.params.id, request.body.how, changeBy(ctx, request)));

  app.get('/api/cases/:id/timeline', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'The case timeline: its events, comments, and process and message events from the modules that registered a source',
      params: CaseIdParams,
      response: { 200: TimelineSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const row = await getCase(ctx.db, request.params.id);
    return caseTimeline(ctx.db, row, (message, error) => request.log.error({ err: error }, message));
  });
};

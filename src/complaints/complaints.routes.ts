import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { maskSecretsDeep } from '../platform/links/mask-secrets.ts';
import { reportingDb, type AppContext } from '../platform/http/context.ts';
import { DateInput, DateTimeInput, IdParams, problemResponses } from '../platform/http/schemas.ts';
import { requestGoodwill } from './goodwill.ts';
import { complaintUploadToken } from './public-attachments.routes.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, registerComplaint, registerPublicComplaint } from './register-complaint.ts';
import { complaintReport, complaintsCsv } from './reports.ts';
import { replyRoute } from './reply-route.ts';
import { mostRestless, restlessScores } from './restless.ts';
import { currentRestlessDecisions, recordRestlessDecision, restlessHistory } from './restless-decisions.ts';
import { authorizeCsvExport, mayExportCsv } from '../platform/csv/csv-export.ts';

const Category = Type.Union(COMPLAINT_CATEGORIES.map((c) => Type.Literal(c)));
const Row = Type.Record(Type.String(), Type.Unknown());
const Registered = Type.Object({ id: Type.Integer(), reference: Type.String(), case_id: Type.Integer(), instance_id: Type.Integer() });
const read = { access: { permission: 'cases:read' as const } };
const write = { access: { permission: 'cases:write' as const } };

/** Complaint intake (console, API, public page), goodwill gestures and restless customers (C1, C4, C6). */
export const complaintRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.post('/api/complaints', {
    config: write,
    schema: {
      tags: ['complaints'],
      summary: 'Register a complaint: its case, its SLA and processes/complaint.bpmn start in one transaction',
      body: Type.Object({
        channel: Type.Union(COMPLAINT_CHANNELS.map((c) => Type.Literal(c))),
        category: Category,
        essence: Type.String({ minLength: 1, maxLength: 10_000 }),
        customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
        order_number: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        gtin: Type.Optional(Type.String({ pattern: '^[0-9]{8,14}$' })),
        received_at: Type.Optional(DateTimeInput()),
        title: Type.Optional(Type.String({ maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 201: Registered, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (request, reply) => {
    const body = request.body;
    const registered = await registerComplaint(ctx, actorOf(principalOf(request)), {
      channel: body.channel, category: body.category, essence: body.essence, customerId: body.customer_id ?? null,
      orderExternalId: body.order_number ?? null, gtin: body.gtin ?? null, receivedAt: body.received_at ? new Date(body.received_at) : undefined, title: body.title,
    });
    return reply.code(201).send(registered);
  });

  app.post('/api/public/complaints', {
    config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'],
      summary: 'The public complaint form: the order number must match the e-mail address or phone number it was placed with',
      security: [],
      body: Type.Object({
        order_number: Type.String({ minLength: 1, maxLength: 100 }),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{6,20}$' })),
        category: Category,
        essence: Type.String({ minLength: 5, maxLength: 5000 }),
      }, { additionalProperties: false }),
      response: {
        201: Type.Object({
          reference: Type.String(),
          upload_token: Type.String({ description: 'Lets the page attach photos or documents within the hour: POST /api/public/complaints/attachments?t=…' }),
          upload_until: Type.String({ format: 'date-time' }),
          answer_by: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: "the case's first-response deadline on the customer's business calendar: what the page promises" }),
          answer_within_business_minutes: Type.Union([Type.Integer(), Type.Null()]),
        }),
        ...problemResponses(400, 422, 429),
      },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (!body.email && !body.phone) throw new AppError('invalid', 'give the e-mail address or phone number the order was placed with', 'complaints.no_contact', { errors: [{ field: 'body.email', message: 'e-mail or phone is required' }] });
    const registered = await registerPublicComplaint(ctx, { orderNumber: body.order_number, email: body.email, phone: body.phone, category: body.category, essence: body.essence });
    // The public answer names the complaint only: no ids of internal records (the upload token carries the case, signed).
    const upload = complaintUploadToken(ctx, registered.case_id);
    return reply.code(201).send({
      reference: registered.reference, upload_token: upload.token, upload_until: upload.expiresAt.toISOString(),
      answer_by: registered.promise.answer_by?.toISOString() ?? null, answer_within_business_minutes: registered.promise.answer_within_business_minutes,
    });
  });

  /**
   * A complaint with its case, goodwill gestures, the customer's restless score and decisions,
   * and where a reply would go (reply_route), so the agent sees before replying whether it can be sent.
   */
  async function complaintDetail(where: 'co.id' | 'co.case_id', id: number, notFound: string, canReadSecrets: boolean) {
    const [complaint] = await ctx.db.query<{ id: number; customer_id: number | null } & Record<string, unknown>>(
      `SELECT co.*, ca.business_key AS reference, ca.stage, ca.status, ca.priority, ca.department, ca.owner_id, o.currency AS order_currency
       FROM complaints co JOIN cases ca ON ca.id = co.case_id LEFT JOIN orders o ON o.id = co.order_id WHERE ${where} = $1`,
      [id]);
    if (!complaint) throw new AppError('not_found', notFound);
    const goodwill = await ctx.db.query(
      `SELECT g.id, g.value_minor, g.currency, g.reason, g.limit_minor, g.status, g.requested_by, g.decided_by, g.requested_at, g.decided_at, v.code AS voucher_code
       FROM complaint_goodwill g LEFT JOIN vouchers v ON v.id = g.voucher_id WHERE g.complaint_id = $1 ORDER BY g.id`, [complaint.id]);
    const customerId = complaint.customer_id ? Number(complaint.customer_id) : null;
    const [restless] = customerId ? await restlessScores(ctx.db, ctx.clock, [customerId]) : [];
    const decisions = customerId ? await restlessHistory(ctx.db, customerId) : [];
    const route = await replyRoute(ctx.db, Number(complaint.id));
    // A voucher code is the customer's money: without comms:read-secrets it comes masked (decision 018).
    return { ...complaint, goodwill: canReadSecrets ? goodwill : maskSecretsDeep(goodwill), restless: restless ? { ...restless, decision: decisions[0] ?? null, history: decisions } : null, reply_route: route };
  }

  app.get('/api/complaints/:id', {
    config: read,
    schema: { tags: ['complaints'], summary: "A complaint with its case, goodwill gestures and the customer's restless score", params: IdParams, response: { 200: Row, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => complaintDetail('co.id', request.params.id, `complaint ${request.params.id} was not found`, principalOf(request).permissions.has('comms:read-secrets')));

  app.get('/api/complaints/by-case/:caseId', {
    config: read,
    schema: {
      tags: ['complaints'],
      summary: 'The complaint of a case of type complaint: the same body as GET /api/complaints/{id}',
      params: Type.Object({ caseId: Type.Integer({ minimum: 1 }) }),
      response: { 200: Row, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => complaintDetail('co.case_id', request.params.caseId, `case ${request.params.caseId} has no complaint`, principalOf(request).permissions.has('comms:read-secrets')));

  app.post('/api/complaints/:id/goodwill', {
    config: write,
    schema: {
      tags: ['complaints'],
      summary: 'Grant a goodwill voucher: at once within the limit of processes/complaint-goodwill.dmn, else a manager approves',
      params: IdParams,
      body: Type.Object({
        value_minor: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
        currency: Type.String({ pattern: '^[A-Z]{3}$' }),
        reason: Type.String({ minLength: 3, maxLength: 500 }),
      }, { additionalProperties: false }),
      response: { 201: Row, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await requestGoodwill(ctx, actorOf(principalOf(request)), request.params.id, { valueMinor: request.body.value_minor, currency: request.body.currency, reason: request.body.reason })));

  app.get('/api/complaints/restless', {
    config: read,
    schema: {
      tags: ['complaints'],
      summary: 'The most restless customers, with the parts of their score',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
      response: { 200: Type.Array(Row), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const scores = await mostRestless(ctx.db, ctx.clock, request.query.limit ?? 20);
    const decisions = await currentRestlessDecisions(ctx.db, scores.map((s) => Number(s.customer_id)));
    return scores.map((s) => ({ ...s, decision: decisions.get(Number(s.customer_id)) ?? null })) as never;
  });

  const stepFields = {
    reason: Type.String({ minLength: 3, maxLength: 2000 }),
    complaint_id: Type.Optional(Type.Integer({ minimum: 1, description: 'The complaint that prompted it' })),
  };
  const FlagBody = Type.Object(stepFields, { additionalProperties: false });
  const DecisionBody = Type.Object({
    ...stepFields,
    decision: Type.Union([Type.Literal('keep_serving'), Type.Literal('stop_serving'), Type.Literal('cleared')]),
  }, { additionalProperties: false });
  const CustomerParams = Type.Object({ customerId: Type.Integer({ minimum: 1 }) });

  app.post('/api/complaints/restless/:customerId/flag', {
    config: write,
    schema: {
      tags: ['complaints'],
      summary: 'Flag a restless customer for a manager to decide on, with the reason (C6)',
      params: CustomerParams,
      body: FlagBody,
      response: { 201: Row, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await recordRestlessDecision(ctx.db, ctx.clock, actorOf(principalOf(request)), {
    customerId: request.params.customerId, decision: 'flagged', reason: request.body.reason, complaintId: request.body.complaint_id,
  }) as never));

  app.post('/api/complaints/restless/:customerId/decision', {
    config: { access: { permission: 'complaints:decide' as const } },
    schema: {
      tags: ['complaints'],
      summary: "Decide about a restless customer — keep serving, stop serving, or clear the flag — with the reason; the manager is recorded as approver (C6)",
      params: CustomerParams,
      body: DecisionBody,
      response: { 201: Row, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await recordRestlessDecision(ctx.db, ctx.clock, actorOf(principalOf(request)), {
    customerId: request.params.customerId, decision: request.body.decision, reason: request.body.reason, complaintId: request.body.complaint_id,
  }) as never));
  const Range = Type.Object({
    from: Type.Optional(DateInput({ description: 'first day (default: 30 days ago)' })),
    to: Type.Optional(DateInput({ description: 'last day, included (default: today)' })),
    period: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')])),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  }, { additionalProperties: false });
  app.get('/api/complaints/report', {
    config: read,
    schema: {
      tags: ['complaints'],
      summary: 'Where every complaint stands: stage funnel, counts per period by category and channel, SLA compliance, per department and owner; format=csv lists the complaints',
      querystring: Range,
    },
  }, async (request, reply) => {
    const today = ctx.clock.now();
    const to = request.query.to ? new Date(`${request.query.to}T00:00:00Z`) : new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    const end = new Date(to.getTime() + 86_400_000);
    const from = request.query.from ? new Date(`${request.query.from}T00:00:00Z`) : new Date(end.getTime() - 30 * 86_400_000);
    if (from >= end) throw new AppError('invalid', 'from must be on or before to', 'complaints.bad_range', { errors: [{ field: 'querystring.from', message: 'after to' }] });
    if (request.query.format === 'csv') {
      mayExportCsv(request);
      const csv = await complaintsCsv(reportingDb(ctx), from, end);
      await authorizeCsvExport(ctx.db, request, { entity: 'complaints', rows: csv.trimEnd().split('\n').length - 1, details: { from: from.toISOString(), to: end.toISOString() } });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="complaints-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`).send(csv);
    }
    return complaintReport(reportingDb(ctx), ctx.clock, from, end, request.query.period ?? 'day');
  });
};

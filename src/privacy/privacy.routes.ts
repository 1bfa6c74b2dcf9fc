import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { AppContext } from '../platform/http/context.ts';
import { IdParams, Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { collectCustomerData } from './export/collect-customer-data.ts';
import { exportHtml, exportZip } from './export/export-formats.ts';
import { erasureRequestsOf, requestErasure, type ErasureRequestRow } from './erasure/erasure-requests.ts';
import { applyRetention, latestRetentionRun, nextRetentionRun, RETENTION_KINDS, retentionPolicy, setRetentionPolicy } from './retention/retention.ts';

const ErasureRequest = Type.Object({
  id: Type.Integer(),
  customer_id: Type.Integer(),
  status: Type.String({ description: 'identity_check, rejected, erased or confirmed' }),
  received_at: Timestamp,
  due_at: Timestamp,
  identity_checked_at: Nullable(Timestamp),
  erased_at: Nullable(Timestamp),
  confirmed_at: Nullable(Timestamp),
  summary: Type.Record(Type.String(), Type.Unknown(), { description: 'Counts per table of rows deleted, anonymised or kept for a legal reason' }),
  instance_id: Nullable(Type.Integer()),
  requester_address_held: Type.Boolean(),
});
const present = (row: ErasureRequestRow) => row;

/** Data-subject requests (P8): access and portability, erasure. Every export is audited. */
export const privacyRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/privacy/customers/:id/export', {
    config: { access: { permission: 'privacy:manage' } },
    schema: {
      tags: ['privacy'],
      summary: "Everything held about a customer: a ZIP (index.html in their language, export.json, a CSV per table), or the JSON or the HTML page alone",
      params: IdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('zip'), Type.Literal('json'), Type.Literal('html')], { default: 'zip' })) }),
      response: { 200: Type.Unknown(), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const format = request.query.format ?? 'zip';
    const data = await collectCustomerData(ctx.db, request.params.id, ctx.clock.now());
    const counts = Object.fromEntries(Object.entries(data.tables).map(([table, rows]) => [table, rows.length]));
    await recordAudit(ctx.db, actorOf(principalOf(request)), { action: 'export', entity: 'customers', entityId: request.params.id, details: { format, rows: counts } });
    const stem = `customer-${request.params.id}-data-${data.generatedAt.slice(0, 10)}`;
    reply.header('cache-control', 'no-store');
    if (format === 'json') return reply.header('content-disposition', `attachment; filename="${stem}.json"`).type('application/json').send(JSON.stringify(data));
    if (format === 'html') return reply.type('text/html; charset=utf-8').send(exportHtml(data));
    return reply.header('content-disposition', `attachment; filename="${stem}.zip"`).type('application/zip').send(exportZip(data));
  });

  app.post('/api/privacy/customers/:id/erasure-requests', {
    config: { access: { permission: 'privacy:manage' } },
    schema: {
      tags: ['privacy'],
      summary: 'Open an erasure request: runs processes/data-erasure.bpmn (identity check within 30 days, erasure, confirmation)',
      params: IdParams,
      body: Type.Object({
        requester_email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254, description: 'Where the confirmation goes; the address on file if absent' }))),
      }, { additionalProperties: false }),
      response: { 201: ErasureRequest, ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const row = await requestErasure(ctx, actorOf(principalOf(request)), { customerId: request.params.id, requesterEmail: request.body.requester_email ?? null });
    return reply.code(201).send(present(row));
  });

  app.get('/api/privacy/customers/:id/erasure-requests', {
    config: { access: { permission: 'privacy:manage' } },
    schema: { tags: ['privacy'], summary: "A customer's erasure requests, newest first", params: IdParams, response: { 200: Type.Array(ErasureRequest), ...problemResponses(400, 401, 403) } },
  }, async (request) => (await erasureRequestsOf(ctx.db, request.params.id)).map(present));

  const RetentionView = Type.Object({
    policy: Type.Array(Type.Object({ kind: Type.String(), keep_days: Nullable(Type.Integer()), updated_at: Timestamp, updated_by: Type.String() })),
    next_run: Timestamp,
    last_run: Nullable(Type.Object({ id: Type.Integer(), started_at: Timestamp, trigger: Type.String(), counts: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())) })),
  });
  const retentionView = async () => ({ policy: await retentionPolicy(ctx.db), next_run: nextRetentionRun(ctx.clock.now()), last_run: await latestRetentionRun(ctx.db) });

  app.get('/api/privacy/retention', {
    config: { access: { permission: 'privacy:manage' } },
    schema: { tags: ['privacy'], summary: 'How long each kind of personal data is kept (decision 032), the next nightly run and what the last one removed', response: { 200: RetentionView, ...problemResponses(401, 403) } },
  }, retentionView);

  app.put('/api/privacy/retention', {
    config: { access: { permission: 'privacy:manage' } },
    schema: {
      tags: ['privacy'],
      summary: 'Change retention limits: days per kind (1 to 36,500)',
      body: Type.Object(Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, Type.Optional(Type.Integer({ minimum: 1, maximum: 36500 }))])), { additionalProperties: false, minProperties: 1 }),
      response: { 200: RetentionView, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    await setRetentionPolicy(ctx.db, actorOf(principalOf(request)), ctx.clock.now(), request.body as Record<string, number>);
    return retentionView();
  });

  app.post('/api/privacy/retention/run', {
    config: { access: { permission: 'privacy:manage' } },
    schema: { tags: ['privacy'], summary: 'Apply the retention policy now (the nightly job does the same); counts go to the audit log', response: { 200: RetentionView, ...problemResponses(401, 403) } },
  }, async (request) => {
    await applyRetention(ctx.db, ctx.clock.now(), 'manual', actorOf(principalOf(request)));
    return retentionView();
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { reportingDb, type AppContext } from '../platform/http/context.ts';
import { IdParams, Page, problemResponses } from '../platform/http/schemas.ts';
import { defineRecall, getRecall, listRecalls, redefineRecall } from './define-recall.ts';
import { activateRecall } from './activation/activate-recall.ts';
import { resendUnreachedNotices } from './activation/resend-notices.ts';
import { sendCheckLotNotices } from './activation/check-lot-notices.ts';
import { recallDashboard } from './dashboard.ts';
import { impactPreview } from './impact-preview.ts';
import { reportReturn } from './returns.ts';
import { regulatorReport, regulatorReportCsv, regulatorReportHtml } from './regulator-report.ts';
import { RecallDefinitionSchema } from './recall-definition.ts';
import { blockRecalledUnits } from './stop-sale/block-list.sql.ts';
import { refreshStopSaleIndex } from './stop-sale/stop-sale-sync.ts';
import { authorizeCsvExport } from '../platform/csv/csv-export.ts';
import { gpsrNotice, gpsrNoticeHtml, safetyGateHtml, safetyGateNotification } from './gpsr/gpsr.ts';

const Row = Type.Record(Type.String(), Type.Unknown());
const read = { access: { permission: 'recalls:read' as const } };
const write = { access: { permission: 'recalls:write' as const } };

export const recallRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.post('/api/recalls', {
    config: write,
    schema: { tags: ['recalls'], summary: 'Define a recall (a draft: nothing is blocked or sent yet)', body: RecallDefinitionSchema, response: { 201: Row, ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => reply.code(201).send(await defineRecall(ctx.db, ctx.clock, actorOf(principalOf(request)), request.body)));

  app.put('/api/recalls/:id', {
    config: write,
    schema: { tags: ['recalls'], summary: "Change a draft recall's definition", params: IdParams, body: RecallDefinitionSchema, response: { 200: Row, ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request) => redefineRecall(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.body));

  app.get('/api/recalls', {
    config: read,
    schema: {
      tags: ['recalls'],
      summary: 'Recalls, newest first',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed')])), ...Page }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Row), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => listRecalls(ctx.db, { status: request.query.status, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }));

  app.get('/api/recalls/:id', {
    config: read,
    schema: { tags: ['recalls'], summary: 'A recall with its scope', params: IdParams, response: { 200: Row, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => getRecall(ctx.db, request.params.id));

  app.get('/api/recalls/:id/impact', {
    config: read,
    schema: {
      tags: ['recalls'],
      summary: 'Impact preview: lots, units per location, chains, consumers, reach per channel, compensation cost under the current policy',
      params: IdParams,
      response: { 200: Row, ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => impactPreview(ctx.db, ctx.clock, request.params.id));

  app.get('/api/recalls/:id/regulator-report', {
    config: read,
    schema: {
      tags: ['recalls'],
      summary: 'The regulator report with the fields of an FDA enforcement report: JSON, CSV or printable HTML',
      params: IdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('html')])) }, { additionalProperties: false }),
    },
  }, async (request, reply) => {
    const records = await regulatorReport(reportingDb(ctx), ctx.clock, request.params.id);
    const name = `recall-${records[0]?.recall_number ?? request.params.id}-enforcement-report`;
    if (request.query.format === 'csv') {
      await authorizeCsvExport(ctx.db, request, { entity: 'recall_regulator_report', entityId: request.params.id, rows: records.length });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(regulatorReportCsv(records));
    }
    if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(regulatorReportHtml(records));
    return { records };
  });

  app.get('/api/recalls/:id/gpsr-notice', {
    config: read,
    schema: {
      tags: ['recalls'],
      summary: 'The EU GPSR (2023/988 Art. 36) recall notice in one of the languages the recall covers: JSON or printable HTML',
      params: IdParams,
      querystring: Type.Object({
        lang: Type.String({ minLength: 2, maxLength: 2, description: "a language the recall's hazard text is written or translated in" }),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])),
      }, { additionalProperties: false }),
      response: { ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const notice = await gpsrNotice(reportingDb(ctx), ctx.clock, request.params.id, request.query.lang);
    if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(gpsrNoticeHtml(notice));
    return notice;
  });

  app.get('/api/recalls/:id/safety-gate', {
    config: read,
    schema: {
      tags: ['recalls'],
      summary: "The business's Safety Gate (Business Gateway) notification prefilled from the recall, with the fields the data lacks listed: JSON or printable HTML",
      params: IdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }, { additionalProperties: false }),
      response: { ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const notification = await safetyGateNotification(reportingDb(ctx), ctx.clock, request.params.id);
    if (request.query.format === 'html') return reply.type('text/html; charset=utf-8').send(safetyGateHtml(notification));
    return notification;
  });

  app.post('/api/recalls/:id/activate', {
    config: write,
    schema: {
      tags: ['recalls'],
      summary: 'Activate: block every affected lot and start the recall process, in one transaction',
      params: IdParams,
      response: {
        200: Type.Object({ reference: Type.String(), blocked: Type.Object({ lots: Type.Integer(), serials: Type.Integer() }), instanceId: Type.Integer(), list_version: Type.Integer(), blocked_in_ms: Type.Integer() }),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => activateRecall(ctx, actorOf(principalOf(request)), request.params.id));

  app.post('/api/recalls/:id/possibly-affected/notices', {
    config: write,
    schema: {
      tags: ['recalls'],
      summary: 'Ask the possibly affected consumers (the product bought without a recorded lot or serial) to check the lot on their pack; no offer. Each is written to once',
      params: IdParams,
      response: {
        200: Type.Object({ consumers: Type.Integer(), queued: Type.Integer(), suppressed: Type.Integer(), duplicate: Type.Integer(), unreachable: Type.Integer() }),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => sendCheckLotNotices(ctx, actorOf(principalOf(request)), request.params.id));

  app.get('/api/recalls/:id/dashboard', {
    config: read,
    schema: {
      tags: ['recalls'],
      summary: 'Recall dashboard: speed, reach by channel and chain, response, units recovered, compensation within 24 h and cost against the estimate, retention',
      params: IdParams,
      response: { 200: Row, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => recallDashboard(reportingDb(ctx), ctx.clock, request.params.id));

  app.post('/api/recalls/:id/resend-notices', {
    config: write,
    schema: {
      tags: ['recalls'],
      summary: 'Tell the partners and staff groups the recall did not reach, now that their contact or members were fixed; each is told once',
      params: IdParams,
      response: {
        200: Type.Object({
          partners: Type.Object({ tried: Type.Integer(), notified: Type.Integer(), unreached: Type.Array(Type.String()) }),
          staff: Type.Object({ tried: Type.Integer(), alerted: Type.Integer(), unreached: Type.Array(Type.String()) }),
        }),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => resendUnreachedNotices(ctx, actorOf(principalOf(request)), request.params.id));

  app.post('/api/recalls/:id/returns', {
    config: { access: { permission: 'recalls:returns' } },
    schema: {
      tags: ['recalls'],
      summary: 'A store reports units returned or pulled (send an Idempotency-Key; a retry counts once)',
      params: IdParams,
      headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 200 }) }),
      body: Type.Object({
        location: Type.String({ minLength: 1, maxLength: 100, description: "the store's external id or GLN" }),
        gtin: Type.String({ minLength: 8, maxLength: 14 }),
        lot: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.Integer(), quantity: Type.Integer(), replayed: Type.Boolean() }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => reportReturn(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.headers['idempotency-key'], request.body));

  app.post('/api/recalls/:id/block', {
    config: write,
    schema: {
      tags: ['recalls'],
      summary: 'Stop-sale now: block every affected lot and serial in one transaction (activation does this first)',
      params: IdParams,
      response: { 200: Type.Object({ lots: Type.Integer(), serials: Type.Integer(), list_version: Type.Integer() }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const blocked = await ctx.db.transaction(async (tx) => {
      const [recall] = await tx.query<{ status: string }>('SELECT status FROM recalls WHERE id = $1 FOR UPDATE', [request.params.id]);
      if (!recall) throw new AppError('not_found', `recall ${request.params.id} was not found`);
      if (recall.status === 'closed') throw new AppError('conflict', `recall ${request.params.id} is closed`, 'recall.closed');
      const counts = await blockRecalledUnits(tx, ctx.clock, request.params.id);
      await recordAudit(tx, actor, { action: 'block', entity: 'recall', entityId: request.params.id, details: counts });
      return counts;
    });
    const index = await refreshStopSaleIndex(ctx);
    return { ...blocked, list_version: index.version };
  });
};

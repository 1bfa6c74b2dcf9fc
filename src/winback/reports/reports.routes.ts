import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvLine } from '../../platform/csv/csv-cell.ts';
import { authorizeCsvExport, mayExportCsv } from '../../platform/csv/csv-export.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { reportingDb, type AppContext } from '../../platform/http/context.ts';
import { DateInput, Nullable, problemResponses } from '../../platform/http/schemas.ts';
import { FUNNEL_STEPS, funnelReport, reasonsReport, revenueReport, upliftReport, type ReportRange } from './winback-reports.ts';

const DAY_MS = 86_400_000;
/** Shares and rates to 4 decimals, as numbers (a text cell starting with "-" would be defused as a formula). */
const round4 = (n: number | null | undefined) => (n === null || n === undefined ? '' : Math.round(n * 10_000) / 10_000);
const Num = Type.Number();
const Int = Type.Integer();

const RangeQuery = {
  from: Type.Optional(DateInput({ description: 'First day, UTC (default: from the beginning)' })),
  to: Type.Optional(DateInput({ description: 'Last day, UTC, included (default: up to now)' })),
  segment_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this segment' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: the same figures as a file (needs exports:csv; audited)' })),
};
const Query = Type.Object(RangeQuery, { additionalProperties: false });
const RevenueQuery = Type.Object({ ...RangeQuery, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 30, description: 'Orders within this many days after the offer count' })) }, { additionalProperties: false });
const UpliftQuery = Type.Object({ ...RangeQuery, window_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 90, description: 'Came back: a sale within this many days of entering the segment' })) }, { additionalProperties: false });

const Range = Type.Object({ from: Nullable(Type.String({ format: 'date' })), to: Nullable(Type.String({ format: 'date' })), segment_id: Nullable(Int) });
const ReasonRow = Type.Object({ segment_id: Nullable(Int), segment_name: Nullable(Type.String()), reason: Type.String(), label_en: Type.String(), label_ru: Type.String(), count: Int, share: Num });
const Interval = Type.Object({ low: Num, high: Num });
const Group = Type.Object({ entries: Int, came_back: Int, rate: Nullable(Num), interval: Nullable(Interval) });

function rangeOf(query: Static<typeof Query>): ReportRange {
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : null;
  const to = query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : null;
  if (from && to && from >= to) {
    throw new AppError('invalid', 'the period ends before it starts', 'winback.report_range', { errors: [{ field: 'querystring.to', message: 'must be on or after from' }] });
  }
  return { from, to, segmentId: query.segment_id ?? null };
}
const echo = (query: Static<typeof Query>) => ({ from: query.from ?? null, to: query.to ?? null, segment_id: query.segment_id ?? null });

/**
 * Win-back reports (issue 14, W8; definitions in decision 038): reasons for leaving, the funnel,
 * revenue regained after the offer, uplift against the control group. Read-only, from the
 * reporting database; `format=csv` gives each as a file, for those who may export (audited).
 */
export const winbackReportRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  const read = { access: { permission: 'data:read' as const } };
  const sendCsv = async (request: FastifyRequest, reply: FastifyReply, name: string, header: string[], rows: unknown[][], details: Record<string, unknown>) => {
    await authorizeCsvExport(ctx.db, request, { entity: `winback_report_${name}`, rows: rows.length, details });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="winback-${name}.csv"`)
      .send([csvLine(header), ...rows.map(csvLine)].join('\n') + '\n');
  };

  app.get('/api/winback/reports/reasons', {
    config: read,
    schema: {
      tags: ['win-back'],
      summary: 'Reasons for leaving: win-backs with a reason found, counted per segment and overall, with shares',
      querystring: Query,
      response: { 200: Type.Object({ range: Range, total: Int, segments: Type.Array(ReasonRow), overall: Type.Array(ReasonRow) }), ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const range = rangeOf(request.query);
    if (request.query.format === 'csv') mayExportCsv(request);
    const report = await reasonsReport(reportingDb(ctx), range);
    if (request.query.format === 'csv') {
      // scope: one segment (an empty segment_id is the win-backs started by hand), or all of them.
      const line = (scope: string) => (r: (typeof report.overall)[number]) => [scope, r.segment_id ?? '', r.segment_name ?? '', r.reason, r.label_en, r.count, round4(r.share)];
      return sendCsv(request, reply, 'reasons', ['scope', 'segment_id', 'segment', 'reason', 'label', 'count', 'share'],
        [...report.segments.map(line('segment')), ...report.overall.map(line('all'))], echo(request.query));
    }
    return { range: echo(request.query), total: report.overall.reduce((sum, r) => sum + r.count, 0), ...report };
  });

  app.get('/api/winback/reports/funnel', {
    config: read,
    schema: {
      tags: ['win-back'],
      summary: 'The win-back funnel: entered, reached, reason found, cause eliminated, offer made, came back, with conversion between consecutive steps',
      querystring: Query,
      response: {
        200: Type.Object({ range: Range, steps: Type.Array(Type.Object({ step: Type.Union(FUNNEL_STEPS.map((s) => Type.Literal(s))), count: Int, conversion: Nullable(Num) })) }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    const range = rangeOf(request.query);
    if (request.query.format === 'csv') mayExportCsv(request);
    const steps = await funnelReport(reportingDb(ctx), range);
    if (request.query.format === 'csv') {
      return sendCsv(request, reply, 'funnel', ['step', 'count', 'conversion_from_previous'], steps.map((s) => [s.step, s.count, round4(s.conversion)]), echo(request.query));
    }
    return { range: echo(request.query), steps };
  });

  app.get('/api/winback/reports/revenue', {
    config: read,
    schema: {
      tags: ['win-back'],
      summary: 'Revenue regained: sales within N days after the win-back offer (days, default 30), per currency',
      querystring: RevenueQuery,
      response: {
        200: Type.Object({
          range: Range, days: Int, offers: Int, windows_open: Int, customers_returned: Int,
          by_currency: Type.Array(Type.Object({ currency: Type.String(), orders: Int, revenue_minor: Int })),
        }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    const range = rangeOf(request.query);
    if (request.query.format === 'csv') mayExportCsv(request);
    const report = await revenueReport(reportingDb(ctx), ctx.clock, range, request.query.days ?? 30);
    if (request.query.format === 'csv') {
      return sendCsv(request, reply, 'revenue', ['days', 'offers', 'windows_open', 'customers_returned', 'currency', 'orders', 'revenue_minor'],
        (report.by_currency.length ? report.by_currency : [null]).map((c) => [report.days, report.offers, report.windows_open, report.customers_returned, c?.currency ?? '', c?.orders ?? 0, c?.revenue_minor ?? 0]),
        { ...echo(request.query), days: report.days });
    }
    return { range: echo(request.query), ...report };
  });

  app.get('/api/winback/reports/uplift', {
    config: read,
    schema: {
      tags: ['win-back'],
      summary: 'Uplift against the control group per segment: came-back rate treated vs control, difference with Newcombe\'s 95 % interval; "not enough data" when a group is empty',
      querystring: UpliftQuery,
      response: {
        200: Type.Object({
          range: Range, window_days: Int, interval_method: Type.Literal('newcombe_hybrid_score_95'),
          segments: Type.Array(Type.Object({
            segment_id: Int, segment_name: Type.String(), window_days: Int, treated: Group, control: Group,
            uplift: Nullable(Type.Object({ difference: Num, low: Num, high: Num })),
            note: Nullable(Type.Literal('not_enough_data')), empty_groups: Type.Array(Type.Union([Type.Literal('treated'), Type.Literal('control')])), windows_open: Int,
          })),
        }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    const range = rangeOf(request.query);
    if (request.query.format === 'csv') mayExportCsv(request);
    const windowDays = request.query.window_days ?? 90;
    const rows = await upliftReport(reportingDb(ctx), ctx.clock, range, windowDays);
    if (request.query.format === 'csv') {
      return sendCsv(request, reply, 'uplift',
        ['segment_id', 'segment', 'window_days', 'treated_entries', 'treated_came_back', 'treated_rate', 'control_entries', 'control_came_back', 'control_rate', 'uplift', 'uplift_low_95', 'uplift_high_95', 'note', 'windows_open'],
        rows.map((r) => [r.segment_id, r.segment_name, r.window_days, r.treated.entries, r.treated.came_back, round4(r.treated.rate), r.control.entries, r.control.came_back, round4(r.control.rate),
          round4(r.uplift?.difference), round4(r.uplift?.low), round4(r.uplift?.high), r.note ?? '', r.windows_open]),
        { ...echo(request.query), window_days: windowDays });
    }
    return { range: echo(request.query), window_days: windowDays, interval_method: 'newcombe_hybrid_score_95' as const, segments: rows };
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { authorizeCsvExport, mayExportCsv } from '../../platform/csv/csv-export.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { reportingDb, type AppContext } from '../../platform/http/context.ts';
import { IdParams, Nullable, problemResponses, Timestamp } from '../../platform/http/schemas.ts';
import { dashboardCsv, DASHBOARD_DIMENSIONS, deliveryDashboard, type DashboardDimension } from './delivery-dashboard.ts';

const Num = Nullable(Type.Number());
const Row = Type.Object({
  key: Type.String(), shipments_due: Type.Integer(), on_time: Type.Integer(), on_time_rate: Num, late: Type.Integer(), average_delay_days: Num,
  open_delayed_orders: Type.Integer(), priority_cases: Type.Integer(), first_responded: Type.Integer(), first_response_hours: Num, first_response_breached: Type.Integer(),
  csat_answers: Type.Integer(), csat: Num, delivered: Type.Integer(), returned: Type.Integer(), return_rate: Num, complaints: Type.Integer(),
});
const Met = Nullable(Type.Boolean());
const Dashboard = Type.Object({
  from: Type.String(), to: Type.String(), by: Type.String(), targets: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number())),
  total: Type.Object({
    ...Row.properties, csat_note: Nullable(Type.String()), complaints_last_30_days: Type.Integer(), complaints_previous_30_days: Type.Integer(), complaints_change: Num,
    met: Type.Object({ on_time_rate: Met, csat: Met, first_response_hours: Met, complaints_change: Met }),
  }),
  rows: Type.Array(Row),
});
const Prediction = Type.Object({
  shipment_id: Type.Integer(), shipment: Type.String(), carrier: Type.String(), promised_on: Nullable(Type.String()), carrier_estimate_on: Nullable(Type.String()),
  predicted_on: Nullable(Type.String()), earliest_on: Nullable(Type.String()), latest_on: Nullable(Type.String()), transit_days: Nullable(Type.Integer()),
  basis: Nullable(Type.String()), history: Nullable(Type.Integer()), computed_at: Nullable(Timestamp),
});

const DAY = 86_400_000;

/** The delivery dashboard (issue 15.8) and each shipment's predicted delivery (15.9), read from the reporting database. */
export const deliveryDashboardRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/delivery/dashboard', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['delivery'],
      summary: 'On-time rate, average delay, open delayed orders, first-response time of priority cases, CSAT after delivery, return rate and complaint volume, per carrier, region or day, against their targets; format=csv (needs exports:csv, audited)',
      querystring: Type.Object({
        from: Type.Optional(Type.String({ format: 'date' })),
        to: Type.Optional(Type.String({ format: 'date', description: 'Inclusive; default today' })),
        by: Type.Optional(Type.Union(DASHBOARD_DIMENSIONS.map((d) => Type.Literal(d)), { default: 'carrier' })),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
      }),
      response: { 200: Dashboard, ...problemResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const now = ctx.clock.now();
    const to = request.query.to ? new Date(Date.parse(`${request.query.to}T00:00:00Z`) + DAY) : new Date(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) + DAY);
    const from = request.query.from ? new Date(`${request.query.from}T00:00:00Z`) : new Date(to.getTime() - 30 * DAY);
    if (from >= to) throw new AppError('invalid', 'from must come before to', 'validation', { errors: [{ field: 'querystring.from', message: 'must come before to' }] });
    if (to.getTime() - from.getTime() > 366 * DAY) throw new AppError('invalid', 'at most a year at a time', 'validation', { errors: [{ field: 'querystring.from', message: 'at most 366 days before to' }] });
    const by = (request.query.by ?? 'carrier') as DashboardDimension;
    if (request.query.format === 'csv') mayExportCsv(request);
    const dashboard = await deliveryDashboard(reportingDb(ctx), now, from, to, by);
    if (request.query.format === 'csv') {
      const csv = dashboardCsv(dashboard);
      await authorizeCsvExport(ctx.db, request, { entity: 'delivery_dashboard', rows: dashboard.rows.length + 1, details: { from: dashboard.from, to: dashboard.to, by } });
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="delivery-${by}-${dashboard.from.slice(0, 10)}-${new Date(to.getTime() - DAY).toISOString().slice(0, 10)}.csv"`).send(csv as never);
    }
    return dashboard as never;
  });

  app.get('/api/delivery/shipments/:id/prediction', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['delivery'],
      summary: 'A shipment\'s predicted delivery from its carrier\'s own history (per carrier, service and lane), with a 10th–90th percentile range, next to the carrier\'s own estimate; null when history is too thin',
      params: IdParams,
      response: { 200: Prediction, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const [row] = await reportingDb(ctx).query(
      `SELECT s.id AS shipment_id, s.external_id AS shipment, s.carrier, s.promised_on::text, s.estimated_delivery_on::text AS carrier_estimate_on,
              p.predicted_on::text, p.earliest_on::text, p.latest_on::text, p.transit_days, p.basis, p.history, p.computed_at
       FROM shipments s LEFT JOIN delivery_predictions p ON p.shipment_id = s.id WHERE s.id = $1`, [request.params.id]);
    if (!row) throw notFound(`shipment ${request.params.id}`);
    return row as never;
  });
};

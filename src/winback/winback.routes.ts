import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../platform/audit/audit.ts';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { notFound } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { IdParams, Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { customerMetrics } from './metrics/customer-metrics.sql.ts';
import { latestMetricRun, recomputeCustomerMetrics, type MetricRun } from './metrics/recompute-metrics.ts';
import { getWinbackSettings, saveWinbackSettings } from './metrics/winback-settings.ts';

const Day = Type.String({ format: 'date' });
const Int = Type.Integer();
const Num = Type.Number();

const Settings = {
  period_days: Type.Integer({ minimum: 7, maximum: 3660, description: 'RFM, ABC and the money of the period count this many days up to the as-of day' }),
  abc_a_share: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Class A: the customers who make the first this share of the period revenue (0.8)' }),
  abc_b_share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Class B: up to this share (0.95); C the rest' }),
  quiet_cycles: Type.Number({ minimum: 1, maximum: 20, description: 'Gone quiet after this many of the customer\'s own typical intervals (decision 026)' }),
  quiet_p_alive: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Or from one interval on, when the model gives P(alive) below this' }),
  horizon_days: Type.Integer({ minimum: 1, maximum: 730, description: 'Expected purchases are counted over this many days' }),
};
const SettingsResponse = Type.Object({ ...Settings, updated_at: Nullable(Timestamp), updated_by: Nullable(Type.String()) });

const Run = Type.Object({
  id: Int,
  as_of: Day,
  started_at: Timestamp,
  duration_ms: Int,
  trigger: Type.String(),
  settings: Type.Object(Settings),
  customers: Int,
  model_status: Type.Union([Type.Literal('fitted'), Type.Literal('refused')]),
  model_reason: Nullable(Type.String({ description: 'too_few_customers, too_few_repeat_buyers, history_too_short or did_not_converge' })),
  model_detail: Nullable(Type.String()),
  model_params: Nullable(Type.Object({ r: Num, alpha: Num, a: Num, b: Num }, { description: 'BG/NBD parameters, time in days' })),
  model_log_likelihood: Nullable(Num),
  shop_typical_interval_days: Nullable(Num),
});

const Metrics = Type.Object({
  as_of: Day,
  first_purchase_on: Day,
  last_purchase_on: Day,
  purchase_days: Int,
  tenure_days: Int,
  recency_days: Int,
  typical_interval_days: Nullable(Num),
  recency_ratio: Nullable(Num),
  currency: Type.String(),
  lifetime_revenue_minor: Int,
  period_purchase_days: Int,
  period_sales_minor: Int,
  period_returns_minor: Int,
  period_revenue_minor: Int,
  other_currency_orders: Int,
  r_score: Nullable(Int),
  f_score: Nullable(Int),
  m_score: Nullable(Int),
  abc_class: Nullable(Type.String()),
  p_alive: Nullable(Num),
  expected_purchases: Nullable(Num),
  expected_next_purchase_on: Nullable(Day),
  churn_risk: Type.String({ description: 'active, due, quiet or unknown' }),
  quiet: Type.Boolean(),
  quiet_reason: Type.String({ description: 'Which branch of the gone-quiet rule decided (decision 026)' }),
});

const CustomerMetricsResponse = Type.Object({
  customer_id: Int,
  state: Type.Union([Type.Literal('computed'), Type.Literal('not_computed'), Type.Literal('no_purchases')], {
    description: 'not_computed: no recompute has run yet; no_purchases: the customer bought nothing up to the last run\'s as-of day',
  }),
  metrics: Nullable(Metrics),
  run: Nullable(Run),
});

/** Win-back metrics: read by anyone who reads customer data; configured and recomputed by admins and designers. */
export const winbackRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/customers/:id/metrics', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'A customer\'s purchase metrics: RFM, ABC, P(alive), expected purchases and next purchase, gone quiet or not',
      params: IdParams,
      response: { 200: CustomerMetricsResponse, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { id } = request.params;
    const [customer] = await ctx.db.query('SELECT 1 FROM customers WHERE id = $1', [id]);
    if (!customer) throw notFound(`customer ${id}`);
    const run = (await latestMetricRun(ctx.db)) ?? null;
    const metrics = run ? ((await customerMetrics(ctx.db, id)) ?? null) : null;
    return { customer_id: id, state: !run ? 'not_computed' as const : metrics ? 'computed' as const : 'no_purchases' as const, metrics, run: run as never };
  });

  app.get('/api/winback/metrics/runs/latest', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'The latest metrics recompute: as of when, with which settings, and how the churn model fit went',
      response: { 200: Type.Object({ run: Nullable(Run) }), ...problemResponses(401, 403) },
    },
  }, async () => ({ run: ((await latestMetricRun(ctx.db)) ?? null) as never }));

  app.post('/api/winback/metrics/recompute', {
    config: { access: { permission: 'winback:configure' } },
    schema: {
      tags: ['win-back'],
      summary: 'Recompute every customer\'s metrics now, as of the server\'s clock (otherwise nightly at 02:30 UTC)',
      response: { 200: Type.Object({ run: Run }), ...problemResponses(401, 403) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const run: MetricRun = await recomputeCustomerMetrics(ctx.db, { asOf: ctx.clock.now(), trigger: actor.label });
    await recordAudit(ctx.db, actor, { action: 'recompute', entity: 'customer_metrics', entityId: run.id, details: { customers: run.customers, model_status: run.model_status } });
    return { run: run as never };
  });

  app.get('/api/winback/settings', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['win-back'], summary: 'How the win-back metrics are computed', response: { 200: SettingsResponse, ...problemResponses(401, 403) } },
  }, async () => getWinbackSettings(ctx.db));

  app.put('/api/winback/settings', {
    config: { access: { permission: 'winback:configure' } },
    schema: {
      tags: ['win-back'],
      summary: 'Change how the win-back metrics are computed (applies from the next recompute)',
      body: Type.Partial(Type.Object(Settings), { additionalProperties: false, minProperties: 1 }),
      response: { 200: SettingsResponse, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => saveWinbackSettings(ctx.db, ctx.clock, actorOf(principalOf(request)), request.body));
};

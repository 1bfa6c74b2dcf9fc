import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listProcessVersions } from '../../engine/index.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { csvLine } from '../../platform/csv/csv-cell.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { IdParams, Nullable, problemResponses, Timestamp } from '../../platform/http/schemas.ts';
import { evaluateSegments } from './evaluate-segments.ts';
import { FILTER_FIELDS, OPERATORS_BY_TYPE } from './filter-fields.ts';
import { previewFilter, readDefinition, readFilter, refuseEveryone, type SegmentDefinition, type SegmentInput } from './segment-definition.ts';
import { segmentEntriesPage, segmentEntryOutcomes, segmentReport, START_STATUSES } from './segment-report.ts';
import { evaluateAndWake, SEGMENT_STARTS_QUEUE, type SegmentStartsJob } from './segments.job.ts';
import { createSegment, getSegment, listSegments, saveSegmentVersion, segmentVersions } from './segments.sql.ts';

const Int = Type.Integer();
const ReentryRule = Type.Union([Type.Literal('once'), Type.Literal('every'), Type.Literal('cooldown')], {
  description: 'once: one process per customer ever; every: one per entry; cooldown: not again within cooldown_days of the last start',
});
const FilterJson = Type.Unknown({
  description: 'The filter as JSON: {"all": [...]}, {"any": [...]}, {"not": ...} or {"field", "op", "value"}; send this or filter_text',
});
const FilterText = Type.String({
  minLength: 1, maxLength: 4000,
  description: "The filter in the filter language, e.g. quiet AND period_revenue_minor >= 50000 AND abc_class = 'A'",
});

const Definition = {
  name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  filter_text: Type.Optional(FilterText),
  filter: Type.Optional(FilterJson),
  process_id: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'A deployed BPMN process key; each entry starts one instance' }))),
  reentry: Type.Optional(ReentryRule),
  cooldown_days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
  control_share: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, description: 'Share of entries drawn at random for the control group: never started, never contacted (decision 029)' })),
  cap_contacts: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000, description: 'Frequency cap shared with communications: no start while the customer had this many marketing contacts…' }))),
  cap_days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365, description: '…in the last this many days' }))),
};
const DefinitionBody = Type.Object(Definition, { additionalProperties: false });

const SegmentResponse = Type.Object({
  id: Int,
  name: Type.String(),
  version: Int,
  description: Nullable(Type.String()),
  filter: Type.Unknown(),
  filter_text: Type.String(),
  process_id: Nullable(Type.String()),
  reentry: ReentryRule,
  cooldown_days: Nullable(Int),
  control_share: Type.Number(),
  cap_contacts: Nullable(Int),
  cap_days: Nullable(Int),
  saved_at: Timestamp,
  saved_by: Type.String(),
  created_at: Timestamp,
  evaluated_at: Nullable(Timestamp),
  members: Int,
});

const Preview = Type.Object({
  matching: Int,
  customers_total: Int,
  entering: Nullable(Int),
  leaving: Nullable(Int),
  sample: Type.Array(Type.Object({
    customer_id: Int, external_id: Type.String(), name: Type.String(), abc_class: Nullable(Type.String()),
    period_revenue_minor: Nullable(Int), currency: Nullable(Type.String()), recency_days: Nullable(Int), churn_risk: Nullable(Type.String()),
  })),
});

const Evaluation = Type.Object({ segment_id: Int, version: Int, entered: Int, left: Int, members: Int });

const Entry = Type.Object({
  entry_id: Int, customer_id: Int, external_id: Type.String(), version: Int, trigger: Type.String(), entered_at: Timestamp,
  left_at: Nullable(Timestamp), control: Type.Boolean(), control_draw: Nullable(Type.Number()),
  start_status: Type.String({ description: START_STATUSES.join(', ') }), start_note: Nullable(Type.String()), instance_id: Nullable(Int),
  ordered_again: Type.Boolean(), revenue_minor: Int, currency: Nullable(Type.String()),
});

const Group = Type.Object({ entries: Int, ordered_again: Int, rate: Nullable(Type.Number()), revenue_minor: Int });
const Report = Type.Object({
  segment_id: Int,
  window_days: Int,
  as_of: Timestamp,
  funnel: Type.Record(Type.String(), Int, { description: `entered, members_now, left, control_group, treatment_group and each start status (${START_STATUSES.join(', ')})` }),
  treatment: Group,
  control: Group,
  uplift: Nullable(Type.Object({ difference: Type.Number(), low: Type.Number(), high: Type.Number() }, { description: 'Treatment rate − control rate of ordering again, 95 % CI' })),
  uplift_note: Nullable(Type.Union([Type.Literal('no_control_group'), Type.Literal('no_treated_entries'), Type.Literal('small_groups')])),
});

const WindowQuery = Type.Object({
  window_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 90, description: 'Ordered again within this many days of entering' })),
}, { additionalProperties: false });

/** Segments (issue 14, W2–W3, W8): read by anyone who reads customer data; defined by those who configure win-back. */
export const segmentRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  /** Checks a definition against the data before saving: the process exists, the filter does not take everyone. */
  const checkAgainstData = async (body: SegmentInput, segmentId?: number): Promise<SegmentDefinition> => {
    const def = readDefinition(body);
    if (def.process_id) {
      const versions = await listProcessVersions(ctx.db, def.process_id);
      if (!versions.length) {
        throw new AppError('invalid', `No process "${def.process_id}" is deployed`, 'winback.segment_process_unknown', { errors: [{ field: 'body.process_id', message: 'is not a deployed process key' }] });
      }
      if (!versions[0]!.executable) {
        throw new AppError('invalid', `Process "${def.process_id}" is not executable`, 'winback.segment_process_not_executable', { errors: [{ field: 'body.process_id', message: 'its latest version cannot run' }] });
      }
    }
    refuseEveryone(await previewFilter(ctx.db, def.filter, { segmentId, sampleSize: 0 }), body.filter_text !== undefined ? 'body.filter_text' : 'body.filter');
    return def;
  };
  const wakeStarts = () => ctx.jobs.send<SegmentStartsJob>(SEGMENT_STARTS_QUEUE, { reason: 'save' });

  app.get('/api/winback/segments/fields', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'The fields and operators a segment filter may use',
      response: { 200: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), values: Nullable(Type.Array(Type.String())), operators: Type.Array(Type.String()), description: Type.String() })), ...problemResponses(401, 403) },
    },
  }, async () => Object.entries(FILTER_FIELDS).map(([name, f]) => ({ name, type: f.type, values: f.values ? [...f.values] : null, operators: [...OPERATORS_BY_TYPE[f.type]], description: f.description })));

  app.get('/api/winback/segments', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['win-back'], summary: 'Segments with their current version and members', response: { 200: Type.Array(SegmentResponse), ...problemResponses(401, 403) } },
  }, async () => (await listSegments(ctx.db)) as never);

  app.post('/api/winback/segments/preview', {
    config: { access: { permission: 'winback:configure' } },
    schema: {
      tags: ['win-back'],
      summary: 'Count and sample the customers a filter selects, without saving (with segment_id: who would enter and leave)',
      body: Type.Object({ filter_text: Type.Optional(FilterText), filter: Type.Optional(FilterJson), segment_id: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 200: Preview, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { filter } = readFilter(request.body);
    if (request.body.segment_id) await getSegment(ctx.db, request.body.segment_id);
    const preview = await previewFilter(ctx.db, filter, { segmentId: request.body.segment_id });
    refuseEveryone(preview, request.body.filter_text !== undefined ? 'body.filter_text' : 'body.filter');
    return preview;
  });

  app.post('/api/winback/segments', {
    config: { access: { permission: 'winback:configure' } },
    schema: {
      tags: ['win-back'],
      summary: 'Save a new segment (version 1); its members are evaluated at once and, with a process bound, their starts queued',
      body: DefinitionBody,
      response: { 201: Type.Object({ segment: SegmentResponse, evaluation: Evaluation }), ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const def = await checkAgainstData(request.body);
    const id = await createSegment(ctx.db, ctx.clock, actorOf(principalOf(request)), def);
    const [evaluation] = await evaluateSegments(ctx.db, ctx.clock, { trigger: 'save', segmentIds: [id] });
    await wakeStarts();
    return reply.code(201).send({ segment: (await getSegment(ctx.db, id)) as never, evaluation: evaluation! });
  });

  app.get('/api/winback/segments/:id', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'A segment with every saved version',
      params: IdParams,
      response: { 200: Type.Object({ segment: SegmentResponse, versions: Type.Array(Type.Object({ version: Int, name: Type.String(), filter_text: Type.String(), process_id: Nullable(Type.String()), reentry: Type.String(), cooldown_days: Nullable(Int), control_share: Type.Number(), cap_contacts: Nullable(Int), cap_days: Nullable(Int), saved_at: Timestamp, saved_by: Type.String() }, { additionalProperties: true })) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => ({ segment: (await getSegment(ctx.db, request.params.id)) as never, versions: (await segmentVersions(ctx.db, request.params.id)) as never }));

  app.put('/api/winback/segments/:id', {
    config: { access: { permission: 'winback:configure' } },
    schema: {
      tags: ['win-back'],
      summary: 'Save a new version of a segment; members are re-evaluated at once (who no longer matches leaves, who newly does enters)',
      params: IdParams,
      body: DefinitionBody,
      response: { 200: Type.Object({ segment: SegmentResponse, evaluation: Evaluation }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    await getSegment(ctx.db, request.params.id);
    const def = await checkAgainstData(request.body, request.params.id);
    await saveSegmentVersion(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, def);
    const [evaluation] = await evaluateSegments(ctx.db, ctx.clock, { trigger: 'save', segmentIds: [request.params.id] });
    await wakeStarts();
    return { segment: (await getSegment(ctx.db, request.params.id)) as never, evaluation: evaluation! };
  });

  app.post('/api/winback/segments/evaluate', {
    config: { access: { permission: 'winback:configure' } },
    schema: {
      tags: ['win-back'],
      summary: 'Re-evaluate every segment now on the current metrics (otherwise after each import of orders or customers and every ten minutes)',
      body: Type.Optional(Type.Object({ recompute_metrics: Type.Optional(Type.Boolean({ default: false, description: 'Recompute the purchase metrics first' })) }, { additionalProperties: false })),
      response: { 200: Type.Object({ evaluations: Type.Array(Evaluation) }), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => ({ evaluations: await evaluateAndWake(ctx, 'manual', false, { fullRecompute: request.body?.recompute_metrics ?? false }) }));

  app.get('/api/winback/segments/:id/entries', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'Entries of a segment: entered and left times, control draw, process start, ordered again within the window',
      params: IdParams,
      querystring: Type.Object({
        current: Type.Optional(Type.Boolean({ default: false, description: 'Only those in the segment now' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        window_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 90 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Entry), total: Int }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    await getSegment(ctx.db, request.params.id);
    const { current = false, limit = 100, offset = 0, window_days: windowDays = 90 } = request.query;
    return segmentEntriesPage(ctx.db, ctx.clock, request.params.id, { windowDays, current, limit, offset }) as never;
  });

  app.get('/api/winback/segments/:id/report', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'Funnel of a segment (entered, control, started, held back and why) and uplift against the control group',
      params: IdParams,
      querystring: WindowQuery,
      response: { 200: Report, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    await getSegment(ctx.db, request.params.id);
    return segmentReport(ctx.db, ctx.clock, request.params.id, request.query.window_days ?? 90) as never;
  });

  app.get('/api/winback/segments/:id/entries.csv', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['win-back'],
      summary: 'Every entry of a segment with its outcome, as CSV',
      params: IdParams,
      querystring: WindowQuery,
      produces: ['text/csv'],
      response: { 200: Type.String(), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await getSegment(ctx.db, request.params.id);
    const rows = await segmentEntryOutcomes(ctx.db, ctx.clock, request.params.id, request.query.window_days ?? 90);
    const header = ['entry_id', 'customer', 'version', 'trigger', 'entered_at', 'left_at', 'control', 'control_draw', 'start_status', 'start_note', 'instance_id', 'ordered_again', 'revenue_minor', 'currency'];
    const lines = rows.map((r) => csvLine([r.entry_id, r.external_id, r.version, r.trigger, r.entered_at.toISOString(), r.left_at?.toISOString() ?? '', r.control, r.control_draw ?? '',
      r.start_status, r.start_note ?? '', r.instance_id ?? '', r.ordered_again, r.revenue_minor, r.currency ?? '']));
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="segment-${request.params.id}-entries.csv"`)
      .send([csvLine(header), ...lines].join('\n') + '\n');
  });
};

import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { recordAudit } from '../platform/audit/audit.ts';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { AppError, notFound } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { IdParams, Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { DELIVERY_STATUSES } from './events/carrier-update.ts';
import { importCarrierEvents } from './events/import-events.ts';
import { readEpcisUpdates } from './events/epcis-events.ts';
import { malformed } from './events/malformed.ts';
import { receiveCarrierUpdates } from './events/receive-updates.ts';
import type { CarrierUpdate } from './events/carrier-update.ts';
import { DETECTION_RULES, listDetectionRules, updateDetectionRule, type DetectionRuleName } from './detection/detection-rules.ts';
import { sweepDelays } from './detection/sweep.job.ts';
import { CAUSE_KINDS, getIncident, listIncidents, openIncident, ROOT_CAUSE_TAGS, tagIncident } from './incidents/incidents.ts';
import { listEventSources, saveEventSource } from './sources/event-sources.ts';
import { COMPENSATION_OPTIONS, issueIncidentCompensation, previewIncidentCompensation } from './compensation/delay-compensation.ts';

const Source = Type.Object({ name: Type.String(), kind: Type.String(), enabled: Type.Boolean(), created_at: Timestamp, updated_at: Timestamp, updated_by: Type.String() });
const Rule = Type.Object({
  rule: Type.String(), enabled: Type.Boolean(), threshold_hours: Nullable(Type.Integer()), statuses: Nullable(Type.Array(Type.String())),
  cause_tag: Type.String(), description: Type.String(), updated_at: Timestamp, updated_by: Type.String(),
});
const Incident = Type.Object({
  id: Type.Integer(), reference: Type.String(), title: Type.String(), cause_kind: Type.String(), cause_value: Type.String(),
  root_cause_tags: Type.Array(Type.String()), status: Type.String(), opened_by: Type.String(), trip: Nullable(Type.Record(Type.String(), Type.Unknown())),
  process_instance_id: Nullable(Type.Integer()), opened_at: Timestamp, resolved_at: Nullable(Timestamp), delayed_orders: Type.Integer(), open_delays: Type.Integer(),
});
const Delay = Type.Object({
  shipment_id: Type.Integer(), shipment: Type.String(), order: Nullable(Type.String()), carrier: Type.String(), tracking_number: Nullable(Type.String()),
  delivery_status: Nullable(Type.String()), delivery_sub_status: Nullable(Type.String()), promised_on: Nullable(Type.String()), estimated_delivery_on: Nullable(Type.String()),
  original_estimated_delivery_on: Nullable(Type.String()), rule: Type.String(), cause_tag: Type.String(), days_late: Type.Integer(), calendar: Type.String(),
  priority: Type.Boolean(), notices: Type.Integer(), notice_channel: Nullable(Type.String()), notified_at: Nullable(Timestamp), detected_at: Timestamp, resolved_at: Nullable(Timestamp), incident: Nullable(Type.String()),
});
const Unmatched = Type.Object({
  id: Type.Integer(), source: Type.String(), source_kind: Type.String(), carrier: Type.String(), tracking_code: Type.String(), occurred_at: Timestamp,
  reason: Type.String(), received_at: Timestamp, resolved_at: Nullable(Timestamp), resolved_by: Nullable(Type.String()), resolution: Nullable(Type.String()),
});
const OptionTotals = Type.Object({ count: Type.Integer(), total_minor: Type.Integer(), points: Type.Integer() });
const CurrencySummary = Type.Object({
  currency: Type.String(),
  to_issue: Type.Object({ orders: Type.Integer(), total_minor: Type.Integer(), options: Type.Object(Object.fromEntries(COMPENSATION_OPTIONS.map((o) => [o, OptionTotals]))) }),
  issued: Type.Object({ orders: Type.Integer(), total_minor: Type.Integer() }),
});
const Approval = Type.Object({
  currency: Type.String(), budget_key: Nullable(Type.String()), task_id: Nullable(Type.Integer()), approved_at: Nullable(Timestamp),
  approved_limit_minor: Nullable(Type.Integer()), limit_minor: Nullable(Type.Integer()), remaining_minor: Nullable(Type.Integer()), closed: Type.Boolean(),
  to_issue_minor: Type.Integer(), within: Type.Boolean(),
}, { description: 'Each currency of the compensation next to the budget management approved for it on the incident task (budget_key null: none approved); within: open and its remaining covers what is to issue' });
const Refusals = Type.Object({
  count: Type.Integer(),
  last: Nullable(Type.Object({ problem: Type.String(), detail: Type.String(), refused_by: Type.String(), refused_at: Timestamp })),
}, { description: 'Issues refused for this incident (nothing issued each time), with the last problem as the person was told it' });
const Undecided = Type.Object({ order_id: Type.Integer(), order: Type.String(), days_late: Type.Integer(), reason: Type.String() });
const PlannedCompensation = Type.Object({
  order_id: Type.Integer(), order: Type.String(), customer_id: Type.Integer(), currency: Type.String(), days_late: Type.Integer(), order_value_minor: Type.Integer(),
  tier: Type.String(), option: Type.String(), amount_minor: Type.Integer(), points: Type.Integer(), rule_id: Nullable(Type.String()), issued: Type.Boolean(),
});
const Tag = Type.Union(ROOT_CAUSE_TAGS.map((t) => Type.Literal(t)));

const ImportResult = Type.Object({
  committed: Type.Boolean(), rowsRead: Type.Integer(), rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
  received: Type.Unknown(),
});
const ImportProblem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), instance: Type.String(), ...ImportResult.properties });

const FORMAT_BY_TYPE: Record<string, 'csv' | 'jsonl'> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl' };

/** Files stay streams in their own plugin (like the data hub's imports). */
const importRoute: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.addContentTypeParser(Object.keys(FORMAT_BY_TYPE), (_request, payload, done) => done(null, payload));
  app.post('/api/delivery/events/import', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['delivery'],
      summary: 'Import carrier events: CSV (text/csv) or JSON Lines (application/x-ndjson), one checkpoint a line; all-or-nothing, every error names its line and column',
      description: 'Columns: carrier, tracking_code, occurred_at, status, sub_status?, location?, message?, estimated_delivery_on? (docs/delivery/carrier-events.md)',
      consumes: Object.keys(FORMAT_BY_TYPE),
      response: { 200: ImportResult, 422: ImportProblem, ...problemResponses(400, 401, 403, 415) },
    },
  }, async (request, reply) => {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const format = FORMAT_BY_TYPE[contentType];
    if (!format) throw new AppError('invalid', `send text/csv or application/x-ndjson, not ${contentType || 'no content type'}`, 'import.format');
    const result = await importCarrierEvents(ctx, request.body as Readable, format, 'import');
    if (!result.committed) {
      return reply.code(422).type('application/problem+json').send({
        type: '/problems/import.rows_rejected', title: 'Unprocessable Content', status: 422,
        detail: `${result.rejected} of ${result.rowsRead} lines are invalid; nothing was imported`, instance: request.url, ...result,
      });
    }
    await recordAudit(ctx.db, actorOf(principalOf(request)), { action: 'import', entity: 'delivery_events', details: { rows: result.rowsRead, ...result.received } });
    return result;
  });
};

/** Delivery delays (issue 15): sources, rules, delays, unmatched events, incidents. */
export const deliveryRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  await app.register(importRoute, ctx);
  // EPCIS documents come as JSON-LD.
  app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(malformed('body', 'is not JSON'), undefined);
    }
  });

  app.get('/api/delivery/sources', {
    config: { access: { permission: 'delivery:configure' } },
    schema: { tags: ['delivery'], summary: 'Webhook sources (never their secrets)', response: { 200: Type.Array(Source), ...problemResponses(401, 403) } },
  }, async () => listEventSources(ctx.db) as never);

  app.put('/api/delivery/sources/:name', {
    config: { access: { permission: 'delivery:configure' } },
    schema: {
      tags: ['delivery'],
      summary: 'Create or change a webhook source; its URL is /api/delivery/webhooks/{name}. The secret is written, never read back',
      params: Type.Object({ name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) }),
      body: Type.Object({
        kind: Type.Union([Type.Literal('easypost'), Type.Literal('shippo'), Type.Literal('aftership')]),
        secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200, description: 'EasyPost/AfterShip: the webhook secret they sign with; Shippo: a token you put in the webhook URL (?token=)' })),
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: Source, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => saveEventSource(ctx.db, ctx.clock, actorOf(principalOf(request)), { name: request.params.name, ...request.body }) as never);

  app.post('/api/delivery/events', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['delivery'],
      summary: 'Record carrier checkpoints in Rebound\'s own vocabulary (a carrier without webhooks, a manual correction)',
      body: Type.Object({
        carrier: Type.String({ minLength: 1, maxLength: 100 }),
        tracking_code: Type.String({ minLength: 1, maxLength: 100 }),
        estimated_delivery_on: Type.Optional(Type.String({ format: 'date' })),
        checkpoints: Type.Array(Type.Object({
          occurred_at: Type.String({ format: 'date-time' }),
          status: Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))),
          sub_status: Type.Optional(Type.String({ maxLength: 100 })),
          location: Type.Optional(Type.String({ maxLength: 300 })),
          message: Type.Optional(Type.String({ maxLength: 2000 })),
        }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Unknown(), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const body = request.body;
    const update: CarrierUpdate = {
      sourceKind: 'import', carrier: body.carrier, trackingCode: body.tracking_code, estimatedDeliveryOn: body.estimated_delivery_on ?? null,
      checkpoints: body.checkpoints.map((c) => ({ occurredAt: new Date(c.occurred_at), status: c.status, subStatus: c.sub_status ?? null, carrierStatus: c.status, carrierSubStatus: c.sub_status ?? null, location: c.location ?? null, message: c.message ?? null })),
    };
    return receiveCarrierUpdates(ctx, 'api', [update]);
  });

  app.post('/api/delivery/events/epcis', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['delivery'],
      summary: 'EPCIS 2.0 events (JSON-LD) as carrier checkpoints: parcels named by SSCC or business transaction, steps mapped as docs/delivery/carrier-events.md says',
      body: Type.Object({}, { additionalProperties: true }),
      response: { 200: Type.Unknown(), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const updates = await readEpcisUpdates(ctx.db, request.body);
    const received = await receiveCarrierUpdates(ctx, 'epcis', updates);
    await recordAudit(ctx.db, actorOf(principalOf(request)), { action: 'import', entity: 'delivery_events', details: { format: 'epcis', ...received } });
    return { events: updates.length, ...received };
  });

  app.get('/api/delivery/unmatched-events', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['delivery'],
      summary: 'Carrier events whose tracking code fits no shipment, kept for review',
      querystring: Type.Object({ state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], { default: 'open' })) }),
      response: { 200: Type.Array(Unmatched), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => ctx.db.query(
    `SELECT id, source, source_kind, carrier, tracking_code, occurred_at, reason, received_at, resolved_at, resolved_by, resolution FROM delivery_unmatched_events
     WHERE $1 = 'all' OR ($1 = 'open') = (resolved_at IS NULL) ORDER BY received_at DESC, id DESC LIMIT 1000`, [request.query.state ?? 'open']) as never);

  app.post('/api/delivery/unmatched-events/:id/retry', {
    config: { access: { permission: 'data:write' } },
    schema: {
      tags: ['delivery'],
      summary: 'Match a kept event again (after its shipment was imported); resolved when it now fits a shipment',
      params: IdParams,
      response: { 200: Type.Object({ matched: Type.Boolean() }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const [row] = await ctx.db.query<{ source: string; update: CarrierUpdate; resolved_at: Date | null }>('SELECT source, update, resolved_at FROM delivery_unmatched_events WHERE id = $1', [request.params.id]);
    if (!row) throw notFound(`unmatched event ${request.params.id}`);
    if (row.resolved_at) return { matched: true };
    const update = { ...row.update, checkpoints: row.update.checkpoints.map((c) => ({ ...c, occurredAt: new Date(c.occurredAt) })) };
    const received = await receiveCarrierUpdates(ctx, row.source, [update]);
    const matched = received.unmatched === 0;
    if (matched) {
      await ctx.db.query(`UPDATE delivery_unmatched_events SET resolved_at = $2, resolved_by = $3, resolution = 'matched' WHERE id = $1`, [request.params.id, ctx.clock.now(), actorOf(principalOf(request)).label]);
    }
    return { matched };
  });

  app.get('/api/delivery/rules', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['delivery'], summary: 'The declared delay-detection rules', response: { 200: Type.Array(Rule), ...problemResponses(401, 403) } },
  }, async () => listDetectionRules(ctx.db) as never);

  app.put('/api/delivery/rules/:rule', {
    config: { access: { permission: 'delivery:configure' } },
    schema: {
      tags: ['delivery'],
      summary: 'Change a detection rule (applies from the next evaluation on)',
      params: Type.Object({ rule: Type.Union(DETECTION_RULES.map((r) => Type.Literal(r))) }),
      body: Type.Object({
        enabled: Type.Optional(Type.Boolean()),
        threshold_hours: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2400 }))),
        statuses: Type.Optional(Nullable(Type.Array(Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))), { maxItems: 10 }))),
        cause_tag: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
      }, { additionalProperties: false }),
      response: { 200: Rule, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => updateDetectionRule(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.rule as DetectionRuleName, request.body) as never);

  app.post('/api/delivery/sweep', {
    config: { access: { permission: 'delivery:configure' } },
    schema: {
      tags: ['delivery'],
      summary: 'Evaluate every open shipment now (otherwise every 15 minutes)',
      response: { 200: Type.Object({ evaluated: Type.Integer(), late: Type.Integer(), newly_late: Type.Integer(), resolved: Type.Integer(), grouped: Type.Integer(), incidents_opened: Type.Array(Type.String()), priority_cases: Type.Integer(), notices: Type.Object({ considered: Type.Integer(), queued: Type.Integer(), suppressed: Type.Integer(), unreachable: Type.Integer(), apologies: Type.Integer() }), duration_ms: Type.Integer() }), ...problemResponses(401, 403) },
    },
  }, async () => {
    const { newlyLate, ...rest } = await sweepDelays(ctx);
    return { ...rest, newly_late: newlyLate.length };
  });

  app.get('/api/delivery/delays', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['delivery'],
      summary: 'Late orders with their delay record: rule, cause, days late on the destination\'s business calendar, priority flag, incident',
      querystring: Type.Object({
        state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], { default: 'open' })),
        incident: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
      }),
      response: { 200: Type.Array(Delay), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => ctx.db.query(
    `SELECT d.shipment_id, s.external_id AS shipment, o.external_id AS "order", s.carrier, s.tracking_number, s.delivery_status, s.delivery_sub_status,
            s.promised_on, s.estimated_delivery_on, s.original_estimated_delivery_on, d.rule, d.cause_tag, d.days_late, d.calendar, d.priority, d.notices, d.notice_channel, d.notified_at,
            d.detected_at, d.resolved_at, i.reference AS incident
     FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id LEFT JOIN orders o ON o.id = d.order_id LEFT JOIN delivery_incidents i ON i.id = d.incident_id
     WHERE ($1 = 'all' OR ($1 = 'open') = (d.resolved_at IS NULL)) AND ($2::bigint IS NULL OR d.incident_id = $2)
     ORDER BY d.days_late DESC, d.detected_at, d.shipment_id LIMIT $3`,
    [request.query.state ?? 'open', request.query.incident ?? null, request.query.limit ?? 200]) as never);

  const TripwireSettings = Type.Object({
    window_hours: Type.Integer({ minimum: 1, maximum: 720, description: 'The recent window a carrier\'s late share is measured over (24)' }),
    baseline_days: Type.Integer({ minimum: 1, maximum: 365, description: 'Its usual share: shipments promised in this many days before the window (28)' }),
    min_shipments: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Shipments due in the window before a rate means anything (20)' }),
    ratio: Type.Number({ minimum: 1, maximum: 100, description: 'Trips at this many times the usual share (2)' }),
    min_late_share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'And at least this share late (0.1)' }),
  });
  app.get('/api/delivery/incident-settings', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['delivery'], summary: 'When a carrier\'s late share opens an incident', response: { 200: Type.Object({ ...TripwireSettings.properties, updated_at: Timestamp, updated_by: Type.String() }), ...problemResponses(401, 403) } },
  }, async () => (await ctx.db.query(
    'SELECT window_hours, baseline_days, min_shipments, ratio::float8 AS ratio, min_late_share::float8 AS min_late_share, updated_at, updated_by FROM delivery_incident_settings'))[0] as never);

  app.put('/api/delivery/incident-settings', {
    config: { access: { permission: 'delivery:configure' } },
    schema: { tags: ['delivery'], summary: 'Change when a carrier\'s late share opens an incident', body: TripwireSettings, response: { 200: Type.Object({ ...TripwireSettings.properties, updated_at: Timestamp, updated_by: Type.String() }), ...problemResponses(400, 401, 403) } },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const b = request.body;
    const [row] = await ctx.db.query(
      `UPDATE delivery_incident_settings SET window_hours = $1, baseline_days = $2, min_shipments = $3, ratio = $4, min_late_share = $5, updated_at = $6, updated_by = $7
       RETURNING window_hours, baseline_days, min_shipments, ratio::float8 AS ratio, min_late_share::float8 AS min_late_share, updated_at, updated_by`,
      [b.window_hours, b.baseline_days, b.min_shipments, b.ratio, b.min_late_share, ctx.clock.now(), actor.label]);
    await recordAudit(ctx.db, actor, { action: 'update', entity: 'delivery_incident_settings', details: b });
    return row as never;
  });

  app.get('/api/delivery/priority-queue', {
    config: { access: { permission: 'cases:read' } },
    schema: {
      tags: ['delivery'],
      summary: 'Open cases and complaints about delayed orders, the first response due soonest first',
      response: {
        200: Type.Array(Type.Object({
          case_id: Type.Integer(), type: Type.String(), title: Type.String(), priority: Type.String(), status: Type.String(),
          first_response_due_at: Nullable(Timestamp), first_responded_at: Nullable(Timestamp), first_response_breached: Type.Boolean(),
          order: Nullable(Type.String()), days_late: Type.Integer(), cause_tag: Type.String(), incident: Nullable(Type.String()), flagged_at: Timestamp,
        })),
        ...problemResponses(401, 403),
      },
    },
  }, async () => ctx.db.query(
    // Read-only over the cases module's rows: the queue is the cases, ordered by their own deadline.
    `SELECT c.id AS case_id, c.type, c.title, c.priority, c.status, c.first_response_due_at, c.first_responded_at,
            (c.first_response_breached_at IS NOT NULL) AS first_response_breached,
            o.external_id AS "order", d.days_late, d.cause_tag, i.reference AS incident, p.flagged_at
     FROM delivery_priority_cases p
     JOIN cases c ON c.id = p.case_id
     JOIN delivery_delays d ON d.shipment_id = p.shipment_id
     LEFT JOIN orders o ON o.id = p.order_id
     LEFT JOIN delivery_incidents i ON i.id = d.incident_id
     WHERE c.status IN ('open', 'waiting_customer')
     ORDER BY c.first_responded_at IS NOT NULL, c.first_response_due_at NULLS LAST, c.id
     LIMIT 500`) as never);

  app.get('/api/delivery/incidents', {
    config: { access: { permission: 'data:read' } },
    schema: {
      tags: ['delivery'],
      summary: 'Delivery-delay incidents with their delayed orders',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])) }),
      response: { 200: Type.Array(Incident), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => listIncidents(ctx.db, request.query.status) as never);

  app.get('/api/delivery/incidents/:id', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['delivery'], summary: 'One incident', params: IdParams, response: { 200: Incident, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const incident = await getIncident(ctx.db, request.params.id);
    if (!incident) throw notFound(`delivery incident ${request.params.id}`);
    return incident as never;
  });

  app.post('/api/delivery/incidents', {
    config: { access: { permission: 'delivery:incidents' } },
    schema: {
      tags: ['delivery'],
      summary: 'Open an incident by hand for a cause; its open delays join it and processes/delivery-incident.bpmn starts',
      body: Type.Object({
        cause_kind: Type.Union(CAUSE_KINDS.map((k) => Type.Literal(k))),
        cause_value: Type.String({ minLength: 1, maxLength: 100 }),
        title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        root_cause_tags: Type.Optional(Type.Array(Tag, { maxItems: 10 })),
      }, { additionalProperties: false }),
      response: { 201: Incident, ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const incident = await openIncident(ctx.db, ctx.clock, actorOf(principalOf(request)), {
      causeKind: request.body.cause_kind, causeValue: request.body.cause_value, title: request.body.title, rootCauseTags: request.body.root_cause_tags,
    });
    return reply.code(201).send(incident as never);
  });

  app.get('/api/delivery/incidents/:id/compensation-preview', {
    config: { access: { permission: 'delivery:incidents' } },
    schema: {
      tags: ['delivery'],
      summary: 'What processes/delay-compensation.dmn (or its deployed version) gives the incident\'s delayed orders: per currency, per option count and cost; orders without a decision listed with the reason. Issuing issues exactly this.',
      params: IdParams,
      response: { 200: Type.Object({ incident: Type.String(), decision: Type.String(), currencies: Type.Array(CurrencySummary), approvals: Type.Array(Approval), refusals: Refusals, undecided: Type.Array(Undecided), orders: Type.Array(PlannedCompensation) }), ...problemResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => previewIncidentCompensation(ctx.db, request.params.id) as never);

  app.post('/api/delivery/incidents/:id/compensation', {
    config: { access: { permission: 'delivery:incidents' } },
    schema: {
      tags: ['delivery'],
      summary: 'Issue the previewed compensation through the compensation module, charged to the budgets management approved on the incident task (one per currency); refused (422, recorded and counted) when a currency has no approval or the cost is beyond what remains of the approved budget; all or nothing; an order compensated before is not compensated again',
      params: IdParams,
      body: Type.Object({ budget_keys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { minItems: 1, maxItems: 20, description: 'Optional: if named, each must be a budget management approved for this incident' })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ incident: Type.String(), decision: Type.String(), issued: Type.Integer(), already_issued: Type.Integer(), currencies: Type.Array(CurrencySummary), undecided: Type.Array(Undecided) }),
        ...problemResponses(400, 401, 403, 404, 422),
      },
    },
  }, async (request) => issueIncidentCompensation(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.body?.budget_keys) as never);

  app.put('/api/delivery/incidents/:id/root-cause-tags', {
    config: { access: { permission: 'delivery:incidents' } },
    schema: {
      tags: ['delivery'],
      summary: 'Set an incident\'s root-cause tags',
      params: IdParams,
      body: Type.Object({ tags: Type.Array(Tag, { maxItems: 10 }) }, { additionalProperties: false }),
      response: { 200: Incident, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => tagIncident(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.body.tags) as never);
};

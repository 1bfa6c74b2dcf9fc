import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { DateInput, IdParams, Nullable, problemResponses } from '../../platform/http/schemas.ts';
import { currentCallScript, saveCallScript, type CallScript } from './call-script.ts';
import { customerHistory } from './customer-history.sql.ts';
import { journeyById, startWinback } from './journeys.ts';
import { listReasons, saveReason, setReasonState } from './reasons.ts';
import { recordCallAnswers, surveyAnswersOf } from './survey-answers.ts';

const Row = Type.Object({}, { additionalProperties: true });
const work = { access: { permission: 'winback:work' as const } };
const read = { access: { permission: 'data:read' as const } };
const tasks = { access: { permission: 'tasks:work' as const } };
const ReasonKey = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }) });

const Reason = Type.Object({
  key: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  position: Type.Integer(),
  active: Type.Boolean(),
  is_cause: Type.Boolean({ description: 'false for "survey needed", which leads to the call survey rather than naming a cause' }),
  state: Type.Union([Type.Literal('open'), Type.Literal('being_fixed'), Type.Literal('eliminated')]),
  eliminated_on: Nullable(Type.String({ format: 'date' })),
  state_note: Nullable(Type.String()),
  state_changed_by: Nullable(Type.String()),
  state_changed_at: Nullable(Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })),
  waiting: Type.Integer({ description: 'customers waiting in the process for this cause to be eliminated' }),
});

const Option = Type.Object({
  value: Type.String({ minLength: 1, maxLength: 60 }),
  label: Type.String({ minLength: 1, maxLength: 300 }),
  next: Type.Optional(Type.String({ maxLength: 40 })),
  reason: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });
const Question = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 40 }),
  text: Type.String({ minLength: 1, maxLength: 1000 }),
  type: Type.Union([Type.Literal('choice'), Type.Literal('text')]),
  options: Type.Optional(Type.Array(Option, { maxItems: 20 })),
  next: Type.Optional(Type.String({ maxLength: 40 })),
  reason: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });
const Script = Type.Object({ questions: Type.Array(Question, { maxItems: 50 }) }, { additionalProperties: false });

export const winbackProcessRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.post('/api/winback/instances', {
    config: work,
    schema: {
      tags: ['win-back'],
      summary: 'Start the win-back process (processes/win-back.bpmn) for one customer; refused while they are in one',
      body: Type.Object({
        customerId: Type.Integer({ minimum: 1 }),
        segmentId: Type.Optional(Type.Integer({ minimum: 1 })),
        segmentEntryId: Type.Optional(Type.Integer({ minimum: 1 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ journeyId: Type.Integer(), instanceId: Type.Integer(), businessKey: Type.String() }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const started = await startWinback(ctx, actorOf(principalOf(request)), request.body);
    return reply.code(201).send(started);
  });

  app.get('/api/winback/reasons', {
    config: read,
    schema: { tags: ['win-back'], summary: 'Reasons for leaving: labels, the state of each cause, and how many customers wait on it', response: { 200: Type.Object({ items: Type.Array(Reason) }), ...problemResponses(401, 403) } },
  }, async () => ({ items: await listReasons(ctx.db) }));

  app.put('/api/winback/reasons/:key', {
    config: work,
    schema: {
      tags: ['win-back'],
      summary: 'Add a reason for leaving or change its labels, position and whether the task offers it (a new reason takes the model\'s "other" branch)',
      params: ReasonKey,
      body: Type.Object({
        labels: Type.Record(Type.String({ pattern: '^(en|ru|uk|sv)$' }), Type.String({ minLength: 1, maxLength: 200 })),
        position: Type.Integer({ minimum: 0, maximum: 1000 }),
        active: Type.Boolean(),
      }, { additionalProperties: false }),
      response: { 200: Reason, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => saveReason(ctx.db, actorOf(principalOf(request)), request.params.key, request.body) as never);

  app.put('/api/winback/reasons/:key/state', {
    config: work,
    schema: {
      tags: ['win-back'],
      summary: 'Set the state of a cause; eliminated (with a note) releases every customer waiting on it into the offer step',
      params: ReasonKey,
      body: Type.Object({
        state: Type.Union([Type.Literal('open'), Type.Literal('being_fixed'), Type.Literal('eliminated')]),
        eliminated_on: Type.Optional(DateInput({ description: 'when the cause was eliminated; today when absent' })),
        note: Type.Optional(Type.String({ maxLength: 4000, description: 'how it was fixed (required for eliminated)' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ reason: Reason, released: Type.Integer(), failed: Type.Array(Type.Object({ journeyId: Type.Integer(), error: Type.String() })) }),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request) => setReasonState(ctx, actorOf(principalOf(request)), request.params.key, { state: request.body.state, eliminatedOn: request.body.eliminated_on, note: request.body.note }) as never);

  app.get('/api/winback/call-script', {
    config: tasks,
    schema: { tags: ['win-back'], summary: 'The call script the "Call survey" task follows', response: { 200: Type.Object({ version: Type.Integer(), script: Script, saved_by: Nullable(Type.String()) }), ...problemResponses(401, 403) } },
  }, async () => {
    const { version, script, saved_by } = await currentCallScript(ctx.db);
    return { version, script, saved_by };
  });

  app.put('/api/winback/call-script', {
    config: work,
    schema: {
      tags: ['win-back'],
      summary: 'Save a new version of the call script: each answer leads to a next question or a reason; no loops',
      body: Script,
      response: { 200: Type.Object({ version: Type.Integer(), script: Script, saved_by: Nullable(Type.String()) }), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { version, script, saved_by } = await saveCallScript(ctx.db, ctx.clock, actorOf(principalOf(request)), request.body as CallScript);
    return { version, script, saved_by };
  });

  app.get('/api/winback/journeys/:id', {
    config: read,
    schema: { tags: ['win-back'], summary: "One customer's win-back: reason, state, offer and every step's result", params: IdParams, response: { 200: Row, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const journey = await journeyById(ctx.db, request.params.id);
    if (!journey) throw notFound(`win-back journey ${request.params.id}`);
    const steps = await ctx.db.query('SELECT step, result, detail, by_label, at FROM winback_step_results WHERE journey_id = $1 ORDER BY at, id', [journey.id]);
    return { ...journey, steps } as never;
  });

  app.post('/api/winback/journeys/:id/call-answers', {
    config: tasks,
    schema: {
      tags: ['win-back'],
      summary: "Record the customer's answers to the call script (question key → option value, or their words); concludes the reason",
      params: IdParams,
      body: Type.Object({ answers: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ journeyId: Type.Integer(), scriptVersion: Type.Integer(), reason: Type.String(), answers: Type.Array(Row) }), ...problemResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => recordCallAnswers(ctx.db, ctx.clock, actorOf(principalOf(request)), request.params.id, request.body.answers) as never);

  app.get('/api/winback/customers/:id/history', {
    config: read,
    schema: {
      tags: ['win-back'],
      summary: 'Beside the customer 360: messages, complaints and who handled them, recalls and delivery problems that touched them, win-backs and call-survey answers',
      params: IdParams,
      response: { 200: Type.Object({ messages: Type.Array(Row), complaints: Type.Array(Row), recalls: Type.Array(Row), delivery_problems: Type.Array(Row), winbacks: Type.Array(Row), survey_answers: Type.Array(Row) }), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const [customer] = await ctx.db.query('SELECT 1 FROM customers WHERE id = $1', [request.params.id]);
    if (!customer) throw notFound(`customer ${request.params.id}`);
    return { ...(await customerHistory(ctx.db, request.params.id)), survey_answers: await surveyAnswersOf(ctx.db, request.params.id) } as never;
  });
};

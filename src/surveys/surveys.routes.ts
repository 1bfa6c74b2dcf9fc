import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../platform/audit/audit.ts';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import { notFound } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { DateTimeInput, Nullable, Page, Paged, problemResponses } from '../platform/http/schemas.ts';
import { inviteToSurvey } from './invite.ts';
import { listResponses, surveyResults } from './responses.sql.ts';
import type { Survey } from './survey-model.ts';
import { getSurvey, listCaseTypeSurveys, listSurveys, saveSurvey, setCaseTypeSurvey } from './surveys.sql.ts';

const read = { access: { permission: 'surveys:read' as const } };
// Surveys are a kind of communication: defining them and sending invitations needs comms:write.
const write = { access: { permission: 'comms:write' as const } };
const tags = ['surveys'];
const KeyParam = Type.Object({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' }) });
const LocalizedSchema = Type.Partial(Type.Object({ en: Type.String({ maxLength: 2000 }), ru: Type.String({ maxLength: 2000 }), uk: Type.String({ maxLength: 2000 }), sv: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }));
const QuestionSchema = Type.Object({
  id: Type.String({ maxLength: 50 }),
  kind: Type.Union(['csat', 'nps', 'ces', 'text', 'choice'].map((k) => Type.Literal(k))),
  required: Type.Boolean(),
  text: LocalizedSchema,
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 100 }), label: LocalizedSchema }, { additionalProperties: false }), { maxItems: 20 })),
  showIf: Type.Optional(Type.Object({ question: Type.String(), atMost: Type.Optional(Type.Integer()), atLeast: Type.Optional(Type.Integer()) }, { additionalProperties: false })),
}, { additionalProperties: false });
const SurveySchema = Type.Object({
  key: Type.String(),
  title: LocalizedSchema,
  intro: LocalizedSchema,
  questions: Type.Array(QuestionSchema, { minItems: 1, maxItems: 30 }),
  valid_days: Type.Integer({ minimum: 1, maximum: 365 }),
  active: Type.Boolean(),
});
const CaseTypeSchema = Type.Object({
  case_type: Type.String(),
  survey_key: Type.String(),
  channels: Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms')]), { minItems: 1, uniqueItems: true }),
  enabled: Type.Boolean(),
});
const Results = Type.Object({
  survey: Type.String(),
  invitations: Type.Integer(),
  responses: Type.Integer(),
  responseRate: Nullable(Type.Number({ description: 'percent of invitations answered' })),
  csat: Type.Object({ responses: Type.Integer(), satisfied: Type.Integer(), percent: Nullable(Type.Number({ description: 'CSAT %: share of 4 and 5' })) }),
  nps: Type.Object({ responses: Type.Integer(), promoters: Type.Integer(), passives: Type.Integer(), detractors: Type.Integer(), score: Nullable(Type.Number({ description: '% promoters − % detractors' })) }),
  ces: Type.Object({ responses: Type.Integer(), average: Nullable(Type.Number({ description: '1 (hard) to 7 (easy)' })) }),
});

export const surveysRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/surveys', {
    config: read,
    schema: { tags, summary: 'Survey definitions', response: { 200: Type.Array(SurveySchema), ...problemResponses(401, 403) } },
  }, async () => listSurveys(ctx.db) as never);

  app.put('/api/surveys/:key', {
    config: write,
    schema: {
      tags,
      summary: 'Define a survey: CSAT, NPS, CES, text and choice questions; follow-ups with showIf',
      params: KeyParam,
      body: Type.Object({
        title: LocalizedSchema,
        intro: Type.Optional(LocalizedSchema),
        questions: Type.Array(QuestionSchema, { minItems: 1, maxItems: 30 }),
        valid_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        active: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: SurveySchema, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const body = request.body;
    return ctx.db.transaction(async (tx) => {
      const saved = await saveSurvey(tx, {
        key: request.params.key, intro: (body.intro ?? {}) as Survey['intro'], questions: body.questions as Survey['questions'], title: body.title as Survey['title'],
        valid_days: body.valid_days ?? 30, active: body.active ?? true,
      });
      await recordAudit(tx, actor, { action: 'save', entity: 'survey', entityId: saved.key });
      return saved;
    }) as never;
  });

  app.get('/api/surveys/case-types', {
    config: read,
    schema: { tags, summary: 'Which survey follows the resolution of which case type', response: { 200: Type.Array(CaseTypeSchema), ...problemResponses(401, 403) } },
  }, async () => listCaseTypeSurveys(ctx.db));

  app.put('/api/surveys/case-types/:caseType', {
    config: write,
    schema: {
      tags,
      summary: 'Configure the survey sent when a case of this type is resolved',
      params: Type.Object({ caseType: Type.String({ minLength: 1, maxLength: 100 }) }),
      body: Type.Object({
        survey_key: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' }),
        channels: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms')]), { minItems: 1, uniqueItems: true })),
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: CaseTypeSchema, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    return ctx.db.transaction(async (tx) => {
      const saved = await setCaseTypeSurvey(tx, { case_type: request.params.caseType, survey_key: request.body.survey_key, channels: request.body.channels ?? ['email'], enabled: request.body.enabled ?? true });
      await recordAudit(tx, actor, { action: 'configure', entity: 'survey_case_type', entityId: saved.case_type, details: { survey: saved.survey_key } });
      return saved;
    });
  });

  app.post('/api/surveys/:key/invitations', {
    config: write,
    schema: {
      tags,
      summary: 'Invite a customer to a survey about a case (the cases module does this on resolution)',
      params: KeyParam,
      body: Type.Object({
        customer_id: Type.Integer({ minimum: 1 }),
        case_id: Type.String({ minLength: 1, maxLength: 100 }),
        case_type: Type.Optional(Type.String({ maxLength: 100 })),
        channels: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms')]), { minItems: 1, uniqueItems: true })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ status: Type.String(), invitationId: Type.Integer(), expiresAt: Type.String({ format: 'date-time' }), messages: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (request) => {
    const actor = actorOf(principalOf(request));
    const body = request.body;
    return ctx.db.transaction(async (tx) => {
      const invitation = await inviteToSurvey(tx, ctx, { customerId: body.customer_id, caseId: body.case_id, caseType: body.case_type, surveyKey: request.params.key, channels: body.channels });
      await recordAudit(tx, actor, { action: 'invite', entity: 'survey_invitation', entityId: invitation.invitationId, details: { survey: request.params.key, case: body.case_id } });
      // The link itself is the customer's key to the page: it goes to them, not back to the caller.
      return { status: invitation.status, invitationId: invitation.invitationId, expiresAt: invitation.expiresAt.toISOString(), messages: invitation.messages as never };
    });
  });

  app.get('/api/surveys/:key/results', {
    config: read,
    schema: {
      tags,
      summary: 'CSAT %, NPS, average CES and response rate, for a period and case type',
      params: KeyParam,
      querystring: Type.Object({
        from: Type.Optional(DateTimeInput()),
        to: Type.Optional(DateTimeInput()),
        case_type: Type.Optional(Type.String({ maxLength: 100 })),
      }, { additionalProperties: false }),
      response: { 200: Results, ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    if (!(await getSurvey(ctx.db, request.params.key))) throw notFound(`survey ${request.params.key}`);
    return surveyResults(ctx.db, request.params.key, { from: request.query.from, to: request.query.to, caseType: request.query.case_type });
  });

  app.get('/api/surveys/:key/responses', {
    config: read,
    schema: {
      tags,
      summary: 'Answers, each linked to its case and customer',
      params: KeyParam,
      querystring: Type.Object({ case_id: Type.Optional(Type.String({ maxLength: 100 })), customer_id: Type.Optional(Type.Integer({ minimum: 1 })), ...Page }, { additionalProperties: false }),
      response: { 200: Paged(Type.Record(Type.String(), Type.Unknown())), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    if (!(await getSurvey(ctx.db, request.params.key))) throw notFound(`survey ${request.params.key}`);
    const { limit = 50, offset = 0, case_id, customer_id } = request.query;
    return listResponses(ctx.db, request.params.key, { caseId: case_id, customerId: customer_id, limit, offset });
  });
};

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { acceptFormBodies } from '../comms/index.ts';
import type { AppContext } from '../platform/http/context.ts';
import { verifyToken } from '../platform/links/signed-token.ts';
import { SURVEY_TOKEN_PURPOSE } from './invite.ts';
import { loadInvitation, markOpened, saveAnswers, type Invitation } from './responses.sql.ts';
import { isAsked, readAnswers, scoresOf, type Answers, type Survey } from './survey-model.ts';
import { messagePage, pageLanguage, surveyForm } from './survey-page.ts';
import { runSurveyCompletedHandlers } from './survey-completed-hooks.ts';
import { getSurvey } from './surveys.sql.ts';

const TokenQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 2000 }) });
const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/**
 * The public survey page, opened by the signed, expiring link in the invitation. Step one
 * asks the questions everyone gets; when an answer calls for follow-ups (a low CSAT),
 * step two asks them. Server-rendered, in the customer's language, usable without JavaScript.
 */
export const surveyPageRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptFormBodies(app);

  const open = async (token: string, reply: FastifyReply): Promise<{ invitation: Invitation; survey: Survey } | FastifyReply> => {
    const verified = verifyToken(ctx.signingKey, token, SURVEY_TOKEN_PURPOSE, ctx.clock.now());
    if (!verified.ok) return html(reply, verified.reason === 'expired' ? 410 : 404, messagePage('en', 'Survey', verified.reason === 'expired' ? 'expired' : 'invalid'));
    const invitation = await loadInvitation(ctx.db, Number(verified.payload.subject));
    const survey = invitation && (await getSurvey(ctx.db, invitation.survey_key));
    if (!invitation || !survey) return html(reply, 404, messagePage('en', 'Survey', 'invalid'));
    return { invitation, survey };
  };
  const followUps = (survey: Survey, answers: Answers) => survey.questions.filter((q) => q.showIf && isAsked(q, answers));
  const base = (survey: Survey) => survey.questions.filter((q) => !q.showIf);

  app.get('/surveys/respond', { config: { access: { public: true } }, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const opened = await open(request.query.t, reply);
    if (!('invitation' in opened)) return opened;
    const { invitation, survey } = opened;
    const title = survey.title[pageLanguage(invitation.language)] ?? survey.title.en ?? 'Survey';
    if (invitation.completed_at) return html(reply, 200, messagePage(invitation.language, title, 'already'));
    await markOpened(ctx.db, invitation.id, ctx.clock.now());
    const answered = invitation.answers ?? {};
    const pending = invitation.answers ? followUps(survey, answered) : [];
    const step = pending.length ? 'follow-ups' : 'scores';
    return html(reply, 200, surveyForm({ survey, language: invitation.language, caseReference: invitation.case_reference, token: request.query.t, step, questions: pending.length ? pending : base(survey), values: answered, problems: [] }));
  });

  app.post('/surveys/respond', {
    config: { access: { public: true } },
    schema: { hide: true, querystring: TokenQuery, body: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 20 })])) },
  }, async (request, reply) => {
    const opened = await open(request.query.t, reply);
    if (!('invitation' in opened)) return opened;
    const { invitation, survey } = opened;
    const language = invitation.language;
    const title = survey.title[pageLanguage(language)] ?? survey.title.en ?? 'Survey';
    if (invitation.completed_at) return html(reply, 200, messagePage(language, title, 'already'));
    const form = request.body;
    const step = form.step === 'follow-ups' && invitation.answers ? 'follow-ups' : 'scores';
    const questions = step === 'scores' ? base(survey) : followUps(survey, invitation.answers!);
    const { answers, problems } = readAnswers(questions, form);
    if (problems.length) {
      return html(reply, 422, surveyForm({ survey, language, caseReference: invitation.case_reference, token: request.query.t, step, questions, values: { ...(invitation.answers ?? {}), ...answers }, problems }));
    }
    const all = step === 'scores' ? answers : { ...invitation.answers!, ...answers };
    const pending = step === 'scores' ? followUps(survey, all) : [];
    const scores = scoresOf(survey.questions, all);
    await ctx.db.transaction(async (tx) => {
      await saveAnswers(tx, invitation, { answers: all, scores, language, complete: pending.length === 0, now: ctx.clock.now() });
      if (pending.length) return;
      const comment = survey.questions.filter((q) => q.kind === 'text').map((q) => all[q.id]).find((a) => typeof a === 'string' && a.trim());
      await runSurveyCompletedHandlers(tx, ctx, {
        invitationId: invitation.id, surveyKey: invitation.survey_key, customerId: invitation.customer_id, caseId: invitation.case_id,
        caseReference: invitation.case_reference, caseType: invitation.case_type, ...scores, comment: typeof comment === 'string' ? comment.trim() : null,
      });
    });
    if (pending.length) {
      return html(reply, 200, surveyForm({ survey, language, caseReference: invitation.case_reference, token: request.query.t, step: 'follow-ups', questions: pending, values: all, problems: [] }));
    }
    return html(reply, 200, messagePage(language, title, 'thanks'));
  });

};

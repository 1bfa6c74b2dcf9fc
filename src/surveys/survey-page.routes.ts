import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptFormBodies } from '../comms/index.ts';
import type { AppContext } from '../platform/http/context.ts';
import { pageLanguageOf, sendLinkProblem, sendPublicPage, type LinkProblem } from '../platform/http/person-pages.ts';
import { verifyToken } from '../platform/links/signed-token.ts';
import { SURVEY_TOKEN_PURPOSE } from './invite.ts';
import { loadInvitation, markOpened, saveAnswers, type Invitation } from './responses.sql.ts';
import { isAsked, localized, readAnswers, scoresOf, type Answers, type Survey } from './survey-model.ts';
import { messagePage, surveyForm, type SurveyPage } from './survey-page.ts';
import { runSurveyCompletedHandlers } from './survey-completed-hooks.ts';
import { getSurvey } from './surveys.sql.ts';

const TokenQuery = Type.Object({ t: Type.String({ minLength: 10, maxLength: 2000 }) });
const personPage = { access: { public: true as const }, personPage: true as const };

/**
 * The public survey page, opened by the signed, expiring link in the invitation. Step one
 * asks the questions everyone gets; when an answer calls for follow-ups (a low CSAT),
 * step two asks them. Server-rendered, usable without JavaScript, in the language the link
 * asks for (?lang=, which the page's language links set), else the customer's.
 */
export const surveyPageRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  acceptFormBodies(app);

  const html = (request: FastifyRequest, reply: FastifyReply, status: number, page: SurveyPage) => sendPublicPage(ctx, request, reply, { status, ...page });
  // Answers what the link opens, or what is wrong with it. Not the reply itself: a Fastify reply
  // is thenable, so an async function returning one hands its caller `undefined` once it is sent
  // (issue 12: every refused link logged a TypeError as an error after its page went out).
  const open = async (token: string, request: FastifyRequest): Promise<{ invitation: Invitation; survey: Survey; language: string } | { problem: LinkProblem }> => {
    const verified = verifyToken(ctx.signingKey, token, SURVEY_TOKEN_PURPOSE, ctx.clock.now());
    if (!verified.ok) return { problem: verified.reason === 'expired' ? 'expired' : 'invalid' };
    const invitation = await loadInvitation(ctx.db, Number(verified.payload.subject));
    const survey = invitation && (await getSurvey(ctx.db, invitation.survey_key));
    if (!invitation || !survey) return { problem: 'invalid' };
    return { invitation, survey, language: pageLanguageOf(request, invitation.language) };
  };
  const followUps = (survey: Survey, answers: Answers) => survey.questions.filter((q) => q.showIf && isAsked(q, answers));
  const base = (survey: Survey) => survey.questions.filter((q) => !q.showIf);

  app.get('/surveys/respond', { config: personPage, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const opened = await open(request.query.t, request);
    if ('problem' in opened) return sendLinkProblem(ctx, request, reply, opened.problem);
    const { invitation, survey, language } = opened;
    const title = localized(survey.title, language);
    if (invitation.completed_at) return html(request, reply, 200, messagePage(language, title, 'already'));
    await markOpened(ctx.db, invitation.id, ctx.clock.now());
    const answered = invitation.answers ?? {};
    const pending = invitation.answers ? followUps(survey, answered) : [];
    const step = pending.length ? 'follow-ups' : 'scores';
    return html(request, reply, 200, surveyForm({ survey, language, caseReference: invitation.case_reference, token: request.query.t, step, questions: pending.length ? pending : base(survey), values: answered, problems: [] }));
  });

  app.post('/surveys/respond', {
    config: personPage,
    schema: { hide: true, querystring: TokenQuery, body: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 20 })])) },
  }, async (request, reply) => {
    const opened = await open(request.query.t, request);
    if ('problem' in opened) return sendLinkProblem(ctx, request, reply, opened.problem);
    const { invitation, survey, language } = opened;
    const title = localized(survey.title, language);
    if (invitation.completed_at) return html(request, reply, 200, messagePage(language, title, 'already'));
    const form = request.body;
    const step = form.step === 'follow-ups' && invitation.answers ? 'follow-ups' : 'scores';
    const questions = step === 'scores' ? base(survey) : followUps(survey, invitation.answers!);
    const { answers, problems } = readAnswers(questions, form);
    if (problems.length) {
      return html(request, reply, 422, surveyForm({ survey, language, caseReference: invitation.case_reference, token: request.query.t, step, questions, values: { ...(invitation.answers ?? {}), ...answers }, problems }));
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
      return html(request, reply, 200, surveyForm({ survey, language, caseReference: invitation.case_reference, token: request.query.t, step: 'follow-ups', questions: pending, values: all, problems: [] }));
    }
    return html(request, reply, 200, messagePage(language, title, 'thanks'));
  });

};

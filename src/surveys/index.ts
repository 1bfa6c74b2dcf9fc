/**
 * What other modules use from surveys, inside the caller's transaction:
 * `inviteAfterCaseResolved` (the per-case-type rule; src/case-lifecycle.ts runs it when a
 * case is resolved) or `inviteToSurvey` (a named survey, e.g. from a process step).
 */
export { inviteToSurvey, inviteAfterCaseResolved } from './invite.ts';
export type { SurveyInvitation, SurveyInvitationRequest, CaseResolvedRequest, CaseResolvedInvitations } from './invite.ts';
export { surveyResults } from './responses.sql.ts';

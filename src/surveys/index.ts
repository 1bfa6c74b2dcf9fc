/**
 * What other modules use from surveys, inside the caller's transaction:
 * `inviteAfterCaseResolved` (the per-case-type rule; src/case-lifecycle.ts runs it when a
 * case is resolved) or `inviteToSurvey` (a named survey, e.g. from a process step);
 * `onSurveyCompleted` tells the case's process the customer's verdict.
 */
export { inviteToSurvey, inviteAfterCaseResolved, openInvitationForCase, openSurveyInvitations } from './invite.ts';
export { onSurveyCompleted, type CompletedSurvey, type SurveyCompletedHandler } from './survey-completed-hooks.ts';
export type { SurveyInvitation, SurveyInvitationRequest, CaseResolvedRequest, CaseResolvedInvitations, OpenInvitationsRequest } from './invite.ts';
export { surveyResults, caseTypeSurveyResults } from './responses.sql.ts';

/**
 * What other modules use from surveys. The cases and complaints modules call
 * `inviteAfterCaseResolved` (per case-type configuration) or `inviteToSurvey` (a named
 * survey) inside the transaction that resolves the case.
 */
export { inviteToSurvey, inviteAfterCaseResolved } from './invite.ts';
export type { SurveyInvitation, SurveyInvitationRequest } from './invite.ts';
export { surveyResults } from './responses.sql.ts';

import { onCaseResolved } from './cases/index.ts';
import { correlateMessage } from './engine/index.ts';
import { AppError } from './platform/errors/app-error.ts';
import { inviteAfterCaseResolved, onSurveyCompleted } from './surveys/index.ts';

/** The message a case's process waits for after resolving it (processes/complaint.bpmn). */
export const SURVEY_ANSWERED_MESSAGE = 'surveyAnswered';

/**
 * What other modules do when a case changes state, wired here beside the module list so
 * that cases need not know surveys (surveys come first in the module order), surveys need
 * not know cases, and neither needs to know the engine.
 */
export function registerCaseLifecycleHandlers(): void {
  // The survey invitation (P6) is written in the transaction that resolves the case: the
  // outbox message exists exactly when the resolution is committed.
  onCaseResolved('survey-invitation', async (tx, ctx, resolved) => {
    await inviteAfterCaseResolved(tx, ctx, {
      caseId: resolved.id,
      caseType: resolved.type,
      caseReference: resolved.businessKey ?? `#${resolved.id}`,
      customerIds: resolved.customerIds,
    });
  });

  // The customer's verdict goes to the case's process, keyed by the case's business key (a
  // dissatisfied answer reopens a complaint), in the transaction that saves the answer.
  // Nobody waiting is normal — a case without a process, or one that stopped waiting when
  // the survey's time ran out — and must not cost the customer their answer.
  onSurveyCompleted('case-process', async (tx, ctx, completed) => {
    try {
      await correlateMessage({ db: tx, clock: ctx.clock }, {
        name: SURVEY_ANSWERED_MESSAGE,
        businessKey: completed.caseReference,
        variables: { csat: completed.csat, nps: completed.nps, ces: completed.ces, surveyComment: completed.comment },
        actor: { kind: 'system', label: `survey answer of customer ${completed.customerId}` },
      });
    } catch (error) {
      if (!(error instanceof AppError && error.kind === 'not_found')) throw error;
    }
  });
}

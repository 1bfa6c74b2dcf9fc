import { onCaseResolved } from './cases/index.ts';
import { inviteAfterCaseResolved } from './surveys/index.ts';

/**
 * What other modules do when a case changes state, wired here beside the module list so
 * that cases need not know surveys (surveys come first in the module order) and surveys
 * need not know cases.
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
}

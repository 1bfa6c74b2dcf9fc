import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { issueClaimVoucher } from './submit-claim.ts';

/**
 * A person's decision on a claim the rules left open (the review task of
 * processes/recall-claim.bpmn). Idempotent: a claim already decided stays as it is, so the
 * engine's retry after a crash never issues a second voucher.
 */
export async function decideClaim(db: Db, clock: Clock, actor: Actor, claimId: number, approve: boolean, note: string | null) {
  return db.transaction(async (tx) => {
    const [claim] = await tx.query<{ status: string; requested: string }>('SELECT status, requested FROM recall_claims WHERE id = $1 FOR UPDATE', [claimId]);
    if (!claim) return { status: 'missing' };
    if (claim.status !== 'review') return { status: claim.status };
    const now = clock.now();
    const status = approve ? 'approved' : 'rejected';
    await tx.query(
      'UPDATE recall_claims SET status = $2, decision_reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1',
      [claimId, status, note?.trim() || (approve ? 'approved by a person' : 'rejected by a person'), actor.label, now],
    );
    if (approve && claim.requested === 'voucher') await issueClaimVoucher(tx, now, claimId);
    await recordAudit(tx, actor, { action: approve ? 'approve' : 'reject', entity: 'recall_claim', entityId: claimId, details: { note } });
    return { status };
  });
}

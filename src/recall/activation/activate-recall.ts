import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { startInstance } from '../../engine/index.ts';
import { blockRecalledUnits, releaseRecalledUnits } from '../stop-sale/block-list.sql.ts';
import { refreshStopSaleIndex } from '../stop-sale/stop-sale-sync.ts';

/**
 * Activation (R4 first, then the rest): in ONE transaction the recall becomes active, every
 * affected lot and serial is blocked, and the shipped recall process (processes/recall.bpmn)
 * starts — so either all of it happened or none. Tills see the block within milliseconds on
 * this node (and within a second on others); the process then does the slower work.
 */
export async function activateRecall(ctx: AppContext, actor: Actor, recallId: number) {
  const started = performance.now();
  const result = await ctx.db.transaction(async (tx) => {
    const [recall] = await tx.query<{ status: string; reference: string; classification: string }>('SELECT status, reference, classification FROM recalls WHERE id = $1 FOR UPDATE', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    if (recall.status !== 'draft') throw new AppError('conflict', `recall ${recall.reference} is already ${recall.status}`, 'recall.not_draft');
    await tx.query(`UPDATE recalls SET status = 'active', activated_at = $2, updated_at = $2 WHERE id = $1`, [recallId, ctx.clock.now()]);
    const blocked = await blockRecalledUnits(tx, ctx.clock, recallId);
    const instance = await startInstance({ db: tx, clock: ctx.clock }, {
      processId: 'recall',
      businessKey: recall.reference,
      variables: { recallId, reference: recall.reference, classification: recall.classification },
      actor,
    });
    await recordAudit(tx, actor, { action: 'activate', entity: 'recall', entityId: recallId, details: { ...blocked, instanceId: instance.instanceId } });
    return { reference: recall.reference, blocked, instanceId: instance.instanceId };
  });
  const index = await refreshStopSaleIndex(ctx);
  const blockedInMs = Math.round(performance.now() - started);
  // The estimate the dashboard holds the real cost against is recorded by the process's
  // first step, which runs the same policy over the same consumers anyway (decide-offers.ts):
  // a second pass here would compete with that step for the one event loop and the database.
  return { ...result, list_version: index.version, blocked_in_ms: blockedInMs };
}

/** The process's last step: lift the blocks and close (the rows stay as history). */
export async function closeRecall(ctx: AppContext, recallId: number, summary: string | null) {
  const released = await ctx.db.transaction(async (tx) => {
    const [recall] = await tx.query<{ status: string }>('SELECT status FROM recalls WHERE id = $1 FOR UPDATE', [recallId]);
    if (!recall || recall.status === 'closed') return 0;
    const count = await releaseRecalledUnits(tx, ctx.clock, recallId);
    await tx.query(`UPDATE recalls SET status = 'closed', closed_at = $2, updated_at = $2 WHERE id = $1`, [recallId, ctx.clock.now()]);
    await recordAudit(tx, { kind: 'system', label: 'recall process' }, { action: 'close', entity: 'recall', entityId: recallId, details: { released: count, summary } });
    return count;
  });
  await refreshStopSaleIndex(ctx);
  return released;
}

import { systemActor } from '../../platform/audit/audit.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { correlateComebacks } from './came-back.ts';
import { releaseWaiting } from './reasons.ts';

export const WINBACK_SWEEP_QUEUE = 'winback.process-sweep';

/**
 * Every minute: customers who ordered after their offer are correlated as "came back", and any
 * customer still waiting on a cause already eliminated (one who began to wait in the moment the
 * reason was marked) is released.
 */
export async function startWinbackSweep(ctx: AppContext): Promise<() => Promise<void>> {
  await ctx.jobs.ensureQueue(WINBACK_SWEEP_QUEUE, { policy: 'singleton' });
  await ctx.jobs.boss.schedule(WINBACK_SWEEP_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  const id = await ctx.jobs.work(WINBACK_SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    await releaseWaiting(ctx, systemActor);
    await correlateComebacks(ctx);
  });
  return () => ctx.jobs.offWork(id);
}

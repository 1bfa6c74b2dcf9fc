import type { AppContext } from '../../platform/http/context.ts';
import { sweepSlaBreaches } from './breach-sweep.ts';

export const SLA_SWEEP_QUEUE = 'cases.sla-sweep';

/** The job carries nothing: each run sweeps everything due at the moment it runs. */
export type SlaSweepJob = Record<string, never>;

/**
 * Sweeps for SLA breaches once a minute (pg-boss cron, so one run per minute across all
 * worker processes; a second run would find nothing left to mark anyway).
 * Returns the function that stops the worker.
 */
export async function startSlaSweepWorker(ctx: AppContext): Promise<() => Promise<void>> {
  await ctx.jobs.ensureQueue(SLA_SWEEP_QUEUE, { policy: 'singleton' });
  await ctx.jobs.boss.schedule(SLA_SWEEP_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await ctx.jobs.boss.work<SlaSweepJob>(SLA_SWEEP_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    const result = await sweepSlaBreaches(ctx.db, ctx.clock.now());
    const count = result.firstResponse.length + result.resolution.length;
    if (count > 0) console.info(`cases: ${count} SLA breaches recorded`);
  });
  return () => ctx.jobs.boss.offWork(SLA_SWEEP_QUEUE);
}

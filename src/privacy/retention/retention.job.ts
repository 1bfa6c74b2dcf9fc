import type { AppContext } from '../../platform/http/context.ts';
import { applyRetention, RETENTION_CRON } from './retention.ts';

export const RETENTION_QUEUE = 'privacy.retention';

/** Applies the retention policy every night (pg-boss cron: one run across all workers). */
export async function startRetentionWorker(ctx: AppContext): Promise<() => Promise<void>> {
  await ctx.jobs.ensureQueue(RETENTION_QUEUE, { policy: 'singleton' });
  await ctx.jobs.boss.schedule(RETENTION_QUEUE, RETENTION_CRON, {}, { tz: 'UTC' });
  const id = await ctx.jobs.work(RETENTION_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    await applyRetention(ctx.db, ctx.clock.now(), 'schedule');
  });
  return () => ctx.jobs.offWork(id);
}

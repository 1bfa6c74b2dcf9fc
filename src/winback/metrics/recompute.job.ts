import type { AppContext } from '../../platform/http/context.ts';
import { latestMetricRun, recomputeCustomerMetrics } from './recompute-metrics.ts';

export const METRICS_RECOMPUTE_QUEUE = 'winback.metrics-recompute';

/** What asked for the run: the nightly schedule or a server start that found the metrics stale. */
export type MetricsRecomputeJob = { trigger?: 'schedule' | 'start' };

/**
 * Recomputes the purchase metrics every night at 02:30 UTC (pg-boss cron: one run across all
 * workers), and once at start when the latest run is older than today and there are orders
 * to count — so a new demo or a server that was off overnight shows today's figures.
 */
export async function startMetricsRecomputeWorker(ctx: AppContext): Promise<() => Promise<void>> {
  await ctx.jobs.ensureQueue(METRICS_RECOMPUTE_QUEUE, { policy: 'singleton' });
  await ctx.jobs.boss.schedule(METRICS_RECOMPUTE_QUEUE, '30 2 * * *', { trigger: 'schedule' }, { tz: 'UTC' });
  const id = await ctx.jobs.work<MetricsRecomputeJob>(METRICS_RECOMPUTE_QUEUE, { pollingIntervalSeconds: 30 }, async ([job]) => {
    const run = await recomputeCustomerMetrics(ctx.db, { asOf: ctx.clock.now(), trigger: job?.data.trigger ?? 'schedule' });
    console.info(`winback: metrics of ${run.customers} customers recomputed as of ${run.as_of} in ${run.duration_ms} ms; model ${run.model_status}${run.model_reason ? ` (${run.model_reason})` : ''}`);
  });
  const latest = await latestMetricRun(ctx.db, { full: true });
  const today = ctx.clock.now().toISOString().slice(0, 10);
  if (!latest || latest.as_of < today) {
    const [orders] = await ctx.db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM orders WHERE customer_id IS NOT NULL) AS any');
    if (orders?.any) await ctx.jobs.send<MetricsRecomputeJob>(METRICS_RECOMPUTE_QUEUE, { trigger: 'start' });
  }
  return () => ctx.jobs.offWork(id);
}

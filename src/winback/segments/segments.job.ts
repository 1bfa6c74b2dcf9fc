import { onImportWritten } from '../../data/import/import-hooks.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { recomputeCustomerMetrics, refreshChangedCustomerMetrics } from '../metrics/recompute-metrics.ts';
import { evaluateSegments, type EvaluationTrigger } from './evaluate-segments.ts';
import { startSegmentProcesses } from './start-processes.ts';

export const SEGMENTS_EVALUATE_QUEUE = 'winback.segments-evaluate';
export const SEGMENT_STARTS_QUEUE = 'winback.segment-starts';

/**
 * Re-evaluate the segments. `recomputeMetrics` (an import of order lines): refresh the metrics
 * of the customers whose orders changed and re-evaluate only their membership (decision 053).
 */
export type SegmentsEvaluateJob = { trigger: EvaluationTrigger; recomputeMetrics?: boolean };
export type SegmentStartsJob = { reason?: string };

/** The imports whose rows change what a segment can select. */
const SEGMENT_INPUTS = new Set(['order-lines', 'customers']);

/** Several apps can run in one process (tests): each registers its own handler under its own name. */
let registrations = 0;

/**
 * Segments follow the data (issue 14, W2: entering is an event within seconds, not a nightly
 * job): an import of orders or customers enqueues an evaluation inside its own transaction, so
 * it runs as soon as the import commits; a schedule every ten minutes catches what only time
 * changes (recency grows by the day) and retries starts held by the frequency cap. Each
 * evaluation then wakes the start worker, which starts the bound processes in batches.
 */
export async function startSegmentWorkers(ctx: AppContext): Promise<() => Promise<void>> {
  await ensureSegmentQueues(ctx);
  await ctx.jobs.boss.schedule(SEGMENTS_EVALUATE_QUEUE, '*/10 * * * *', { trigger: 'schedule' } satisfies SegmentsEvaluateJob, { tz: 'UTC' });

  const evaluateWorker = await ctx.jobs.work<SegmentsEvaluateJob>(SEGMENTS_EVALUATE_QUEUE, { pollingIntervalSeconds: 5 }, async ([job]) => {
    const data = job?.data ?? { trigger: 'schedule' };
    await evaluateAndWake(ctx, data.trigger, data.recomputeMetrics ?? false);
  });
  const startsWorker = await ctx.jobs.work<SegmentStartsJob>(SEGMENT_STARTS_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    const summary = await startSegmentProcesses({ db: ctx.db, clock: ctx.clock });
    if (summary.failed > 0) console.warn(`winback: ${summary.failed} segment entries could not start their process (see the segment's report)`);
  });
  return async () => {
    await ctx.jobs.offWork(evaluateWorker);
    await ctx.jobs.offWork(startsWorker);
  };
}

/**
 * Enqueues an evaluation with every import of order lines or customers. Registered where the
 * API runs (imports come through it), not with the workers: an API-only node (REBOUND_ROLE=api)
 * runs no workers but takes imports, and the job it enqueues is worked by any worker.
 */
export async function registerSegmentImportHook(ctx: AppContext): Promise<() => void> {
  // The queue must exist before a send inside an import's transaction (creating it there would
  // go through the outer handle, which PGlite's one connection cannot serve mid-transaction).
  await ensureSegmentQueues(ctx);
  // The job is written with the import's own transaction, so it lands in the database the
  // import wrote to and exists exactly when the import commits.
  return onImportWritten(`winback-segments-${++registrations}`, async (tx, written) => {
    if (!SEGMENT_INPUTS.has(written.entity)) return;
    try {
      // A savepoint: a failed send must not cost the import its rows.
      await tx.transaction((inner) => ctx.jobs.send<SegmentsEvaluateJob>(SEGMENTS_EVALUATE_QUEUE, { trigger: 'import', recomputeMetrics: written.entity === 'order-lines' }, { tx: inner }));
    } catch (error) {
      console.warn(`winback: segments not re-evaluated after the import of ${written.entity} (${(error as Error).message}); the ten-minute schedule will catch up`);
    }
  });
}

/** stately: at most one job waits while one runs; a burst of imports makes one more evaluation, not one each. */
async function ensureSegmentQueues(ctx: AppContext): Promise<void> {
  await ctx.jobs.ensureQueue(SEGMENTS_EVALUATE_QUEUE, { policy: 'stately' });
  await ctx.jobs.ensureQueue(SEGMENT_STARTS_QUEUE, { policy: 'stately' });
}

/**
 * Evaluates the segments now and wakes the start worker; what the job and the API's "evaluate
 * now" run. The metrics of customers whose orders changed are refreshed first (a segment reads
 * them): after an import of order lines only those customers are re-evaluated — set-based, so
 * an entry is an event within seconds of the import; otherwise every customer is (time alone
 * moves recency, and customer attributes have no marks). `fullRecompute` (the API's
 * "recompute the metrics first") recomputes every customer's metrics and cut points first.
 */
export async function evaluateAndWake(ctx: AppContext, trigger: EvaluationTrigger, recomputeMetrics: boolean, options: { fullRecompute?: boolean } = {}) {
  const [segments] = await ctx.db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM winback_segments WHERE archived_at IS NULL) AS any');
  if (!segments?.any) return [];
  if (options.fullRecompute) await recomputeCustomerMetrics(ctx.db, { asOf: ctx.clock.now(), trigger });
  const refreshed = await refreshChangedCustomerMetrics(ctx.db, { asOf: ctx.clock.now(), trigger });
  // Without a full recompute to score against, the refresh made one (refreshed.run.scope 'full'): every customer changed.
  const onlyChanged = recomputeMetrics && refreshed.run?.scope !== 'full';
  if (onlyChanged && refreshed.customerIds.length === 0) return [];
  const results = await evaluateSegments(ctx.db, ctx.clock, { trigger, ...(onlyChanged && { customerIds: refreshed.customerIds }) });
  await ctx.jobs.send<SegmentStartsJob>(SEGMENT_STARTS_QUEUE, { reason: trigger });
  return results;
}

import type { AppContext } from '../../platform/http/context.ts';
import { openTrippedIncidents } from '../incidents/incident-tripwire.ts';
import { groupDelaysIntoIncidents } from '../incidents/incidents.ts';
import { detectDelays, type DetectionResult } from './detect-delays.ts';
import { notifyDelayedCustomers, type NoticeSummary } from '../notices/notify-delayed-customers.ts';
import { flagCasesAboutDelayedOrders } from '../priority/flag-cases.ts';
import { refreshPredictions } from '../prediction/predict-delivery.ts';

export const DELAY_SWEEP_QUEUE = 'delivery.delay-sweep';

/** The sweep's job data: what asked for it. */
export type DelaySweepJob = { trigger?: 'schedule' | 'api' };

export interface SweepResult extends DetectionResult {
  grouped: number;
  incidents_opened: string[];
  notices: NoticeSummary;
  /** Cases about delayed orders raised to the priority queue. */
  priority_cases: number;
  duration_ms: number;
}

/**
 * The scheduled half of detection: time alone makes orders late (a promised date passes,
 * a parcel stops being scanned), so every open shipment is evaluated again, set-based;
 * then new delays are grouped, customers told, and the carriers' late shares tried.
 */
export async function sweepDelays(ctx: AppContext): Promise<SweepResult> {
  const started = performance.now();
  const now = ctx.clock.now();
  const { detection, grouped, notices } = await ctx.db.transaction(async (tx) => {
    // Rebound's own estimates first: the rule predicted_beyond_promise reads them.
    await refreshPredictions(tx, now);
    const detection = await detectDelays(tx, now);
    const grouped = await groupDelaysIntoIncidents(tx);
    return { detection, grouped, notices: await notifyDelayedCustomers(tx, ctx) };
  });
  const opened = await openTrippedIncidents(ctx.db, ctx.clock);
  const priorityCases = await flagCasesAboutDelayedOrders(ctx);
  return { ...detection, newlyLate: detection.newlyLate, grouped, incidents_opened: opened.map((i) => i.reference), notices, priority_cases: priorityCases, duration_ms: Math.round(performance.now() - started) };
}

/** Every 15 minutes (pg-boss cron, one run across all workers). */
export async function startDelaySweepWorker(ctx: AppContext): Promise<() => Promise<void>> {
  await ctx.jobs.ensureQueue(DELAY_SWEEP_QUEUE, { policy: 'singleton' });
  await ctx.jobs.boss.schedule(DELAY_SWEEP_QUEUE, '*/15 * * * *', { trigger: 'schedule' }, { tz: 'UTC' });
  const id = await ctx.jobs.work<DelaySweepJob>(DELAY_SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const result = await sweepDelays(ctx);
    if (result.newlyLate.length || result.resolved || result.incidents_opened.length) {
      console.info(`delivery: ${result.evaluated} open shipments swept in ${result.duration_ms} ms; ${result.newlyLate.length} newly late, ${result.resolved} resolved${result.incidents_opened.length ? `; incidents opened: ${result.incidents_opened.join(', ')}` : ''}`);
    }
  });
  return () => ctx.jobs.offWork(id);
}

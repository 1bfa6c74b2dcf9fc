import { runDueActionCalls } from '../actions/run-action-calls.ts';
import { fireDueTimers } from '../timers/fire-due-timers.ts';
import { onActionCalls } from './work-signal.ts';
import type { EngineDeps } from './step-instance.ts';

export interface EngineWorkerOptions {
  pollMs: number;
  leaseSeconds: number;
  /** Action calls run at once by this worker (1 on PGlite). */
  actionConcurrency?: number;
}

/** Timers fired per call of fireDueTimers; a full batch means more may be due right now. */
const TIMER_BATCH = 100;

/**
 * The engine's background work in every worker process: fire due timers, run due action
 * calls. Due work lives in tables (engine_timers, engine_action_calls) claimed with SKIP
 * LOCKED, so any number of workers share it.
 * Timers and action calls poll in two independent loops: a timer must fire within a second
 * of due (issue 3, acceptance 4), and an action handler may take seconds (a webhook, a
 * batch of messages) or a backlog of calls may take many polls to drain — in one loop,
 * every timer of the process waited behind them.
 */
export function startEngineWorker(deps: EngineDeps, options: EngineWorkerOptions): () => Promise<void> {
  let stopped = false;
  const loops = [
    pollLoop('timers', options.pollMs, () => stopped, null, async () => {
      if (!(await anyDue(deps, DUE_TIMER))) return;
      while (!stopped && (await fireDueTimers(deps, TIMER_BATCH)) >= TIMER_BATCH) {
        // a full batch: more timers may be due, fire them before sleeping
      }
    }),
    pollLoop('action calls', options.pollMs, () => stopped, onActionCalls, async () => {
      if (!(await anyDue(deps, DUE_ACTION_CALL))) return;
      while (!stopped && (await runDueActionCalls(deps, { leaseSeconds: options.leaseSeconds, concurrency: options.actionConcurrency })) > 0) {
        // keep going while calls are due
      }
    }),
  ];
  return async () => {
    stopped = true;
    await Promise.all(loops.map((stop) => stop()));
  };
}

/*
 * Most polls find nothing due. Asking first with one index-only read is much cheaper than
 * claiming: on PGlite every statement runs in the API's own event loop, so an idle poll
 * that opens a transaction or runs an UPDATE … FOR UPDATE SKIP LOCKED (3–10 ms under load)
 * holds up every request that arrives meanwhile (a till's stop-sale check among them).
 */
const DUE_TIMER = 'SELECT EXISTS (SELECT 1 FROM engine_timers WHERE due_at <= $1) AS due';
const DUE_ACTION_CALL = `SELECT EXISTS (SELECT 1 FROM engine_action_calls
  WHERE status IN ('pending', 'running') AND ((status = 'pending' AND next_attempt_at <= $1) OR (status = 'running' AND lease_until < $1))) AS due`;

async function anyDue(deps: EngineDeps, sql: string): Promise<boolean> {
  const [row] = await deps.db.query<{ due: boolean }>(sql, [deps.clock.now()]);
  return row?.due ?? false;
}

/**
 * Runs `work`, sleeps `pollMs`, again, until stopped; an error is logged and the loop goes on.
 * With `wakeOn`, a signal ends the sleep at once, or, when it comes while `work` runs, has
 * `work` run again right after instead of sleeping.
 */
function pollLoop(name: string, pollMs: number, isStopped: () => boolean, wakeOn: ((listener: () => void) => () => void) | null, work: () => Promise<void>): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let running = false;
  let woken = false;
  const tick = async () => {
    running = true;
    woken = false;
    try {
      await work();
    } catch (error) {
      if (!isStopped()) console.error(`engine worker (${name}):`, error);
    }
    running = false;
    if (!isStopped()) timer = setTimeout(() => (current = tick()), woken ? 0 : pollMs);
  };
  const unsubscribe = wakeOn?.(() => {
    if (isStopped()) return;
    if (running) {
      woken = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => (current = tick()), 0);
  });
  timer = setTimeout(() => (current = tick()), pollMs);
  return async () => {
    unsubscribe?.();
    clearTimeout(timer);
    await current;
  };
}

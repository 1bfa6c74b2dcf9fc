import { runDueActionCalls } from '../actions/run-action-calls.ts';
import { fireDueTimers } from '../timers/fire-due-timers.ts';
import type { EngineDeps } from './step-instance.ts';

export interface EngineWorkerOptions {
  pollMs: number;
  leaseSeconds: number;
}

/**
 * The engine's background loop in every worker process: fire due timers, run due action
 * calls, sleep `pollMs`. Due work lives in tables (engine_timers, engine_action_calls)
 * claimed with SKIP LOCKED, so any number of workers share it and a timer fires within
 * one poll interval of its due time on the injected clock.
 */
export function startEngineWorker(deps: EngineDeps, options: EngineWorkerOptions): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await fireDueTimers(deps);
      while (!stopped && (await runDueActionCalls(deps, { leaseSeconds: options.leaseSeconds })) > 0) {
        // keep going while calls are due
      }
    } catch (error) {
      if (!stopped) console.error('engine worker:', error);
    }
    if (!stopped) timer = setTimeout(() => (current = tick()), options.pollMs);
  };
  timer = setTimeout(() => (current = tick()), options.pollMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

import type { Db } from '../../platform/db/database.ts';

type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * Tells this process's engine worker that a step queued action calls, once the transaction
 * that queued them commits (before that, a claim would not see them). Without it the worker
 * found them only at its next poll (ENGINE_POLL_MS): up to a poll interval of waiting per
 * service task. Calls queued by another process are still found by the poll.
 */
export function signalActionCalls(tx: Db): void {
  if (listeners.size) tx.afterCommit(() => {
    for (const listener of listeners) listener();
  });
}

/** Calls `listener` on every signal; returns the unsubscribe. */
export function onActionCalls(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

import type { AppContext } from '../../platform/http/context.ts';
import { currentBlockListVersion, loadActiveBlocks } from './block-list.sql.ts';
import { StopSaleIndex } from './stop-sale-index.ts';

const indexes = new WeakMap<AppContext['db'], StopSaleIndex>();

/** The in-memory block list of this process (one per database handle). */
export function stopSaleIndexOf(ctx: Pick<AppContext, 'db'>): StopSaleIndex {
  let index = indexes.get(ctx.db);
  if (!index) {
    index = new StopSaleIndex();
    indexes.set(ctx.db, index);
  }
  return index;
}

/** Reloads the block list when its version moved (or always, when forced). */
export async function refreshStopSaleIndex(ctx: Pick<AppContext, 'db' | 'clock'>, force = false): Promise<StopSaleIndex> {
  const index = stopSaleIndexOf(ctx);
  if (!force && (await currentBlockListVersion(ctx.db)) === index.version) return index;
  const { version, blocks } = await loadActiveBlocks(ctx.db);
  index.replace(version, blocks, ctx.clock.now());
  return index;
}

/**
 * Keeps this process's copy current: a change made here refreshes it at once (the caller
 * calls refreshStopSaleIndex after committing), and changes made by other nodes are seen
 * within `intervalMs` through a one-row version check.
 */
export async function startStopSaleSync(ctx: AppContext, intervalMs = 1000): Promise<() => Promise<void>> {
  await refreshStopSaleIndex(ctx, true);
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = refreshStopSaleIndex(ctx).catch((error: unknown) => console.error('stop-sale refresh failed:', error));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

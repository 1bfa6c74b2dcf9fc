import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';
import type { CaseRow } from './case-model.ts';

/** What a module hears when a case becomes resolved. */
export interface ResolvedCase {
  id: number;
  type: string;
  businessKey: string | null;
  resolvedAt: Date;
  /** Every customer linked to the case, in the order they were linked; empty when none is. */
  customerIds: number[];
}

/**
 * Runs inside the transaction that resolves the case, so whatever it writes (an outbox
 * message, an invitation) is committed exactly when the resolution is. Throwing rolls the
 * resolution back: a handler skips what it does not apply to instead of failing.
 */
export type CaseResolvedHandler = (tx: Db, ctx: AppContext, resolved: ResolvedCase) => Promise<void>;

const handlers = new Map<string, CaseResolvedHandler>();

/**
 * Lets another module act on a resolution (the survey invitation) without the cases module
 * knowing it exists; the wiring lives beside the module list (src/case-lifecycle.ts).
 * Returns a function that removes the handler again.
 */
export function onCaseResolved(name: string, handler: CaseResolvedHandler): () => void {
  if (handlers.has(name)) throw new Error(`a case-resolved handler named "${name}" is already registered`);
  handlers.set(name, handler);
  return () => {
    if (handlers.get(name) === handler) handlers.delete(name);
  };
}

/**
 * Called by the case service each time a case enters the status 'resolved' — again after
 * a reopening, so a handler that must act once per case keeps its own record of that.
 */
export async function runCaseResolvedHandlers(tx: Db, ctx: AppContext, row: CaseRow): Promise<void> {
  if (!handlers.size) return;
  const customers = await tx.query<{ target_id: number }>(
    `SELECT target_id FROM case_links WHERE case_id = $1 AND kind = 'customer' AND target_id IS NOT NULL ORDER BY id`,
    [row.id],
  );
  const resolved: ResolvedCase = {
    id: row.id,
    type: row.type,
    businessKey: row.business_key,
    resolvedAt: row.resolved_at ?? row.updated_at,
    customerIds: customers.map((c) => c.target_id),
  };
  // One after another: PGlite has one connection, and each handler sees what the previous one wrote.
  for (const handler of handlers.values()) await handler(tx, ctx, resolved);
}

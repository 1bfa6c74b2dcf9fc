import type { Db } from '../../platform/db/database.ts';

/** What an import wrote, told to the modules that react to new data. */
export interface ImportWritten {
  entity: string;
  imported: number;
  source: string;
}

export type ImportWrittenHandler = (tx: Db, written: ImportWritten) => Promise<void>;

const handlers = new Map<string, ImportWrittenHandler>();

/**
 * Registers what a module does when an import has written rows (win-back re-evaluates its
 * segments). The handler runs inside the import's transaction, after the last row: a job it
 * sends with `{ tx }` exists exactly when the import commits, and runs right after it. Returns
 * the unregistering function (a module's workers stop).
 */
export function onImportWritten(name: string, handler: ImportWrittenHandler): () => void {
  if (handlers.has(name)) throw new Error(`an import handler named "${name}" is already registered`);
  handlers.set(name, handler);
  return () => {
    if (handlers.get(name) === handler) handlers.delete(name);
  };
}

/** Called by runImport in its transaction when rows were written. */
export async function runImportWrittenHandlers(tx: Db, written: ImportWritten): Promise<void> {
  // One after another: PGlite has one connection.
  for (const handler of handlers.values()) await handler(tx, written);
}

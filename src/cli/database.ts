import { loadConfig } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { openDatabase } from '../platform/db/open.ts';

/** Opens the configured database, brought up to the current schema, for one CLI command. */
export async function withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

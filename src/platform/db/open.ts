import { resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Db } from './database.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/**
 * Opens the database the configuration names: a PostgreSQL server when DATABASE_URL is
 * set, otherwise the embedded PGlite in REBOUND_DATA_DIR, locked against a second process.
 */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'REBOUND_DATA_DIR' | 'DATABASE_POOL_SIZE'>): Promise<Db> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const dataDir = resolve(config.REBOUND_DATA_DIR, 'pgdata');
  const release = lockDataDir(resolve(config.REBOUND_DATA_DIR));
  try {
    const db = await openPglite({ dataDir });
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        await close();
        release();
      },
    });
  } catch (error) {
    release();
    throw error;
  }
}

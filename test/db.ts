import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Db } from '../src/platform/db/database.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createTestDatabase } from './postgres-template.ts';

/**
 * A migrated database of its own for a test file: PGlite in memory by default,
 * a fresh PostgreSQL database when TEST_DATABASE_URL is set (the suite runs on both in CI).
 */
export async function openTestDb(): Promise<Db> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const database = await createTestDatabase(adminUrl, inject('postgresTemplate'));
    const db = await openPostgres(database.url, 4);
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        await close();
        await database.drop();
      },
    });
  }
  const snapshot = new Blob([readFileSync(inject('pgliteSnapshot'))]);
  return openPglite({ loadDataDir: snapshot });
}

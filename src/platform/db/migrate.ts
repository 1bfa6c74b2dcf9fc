import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.ts';
import { SOURCE_DIR } from '../paths.ts';

const srcDir = SOURCE_DIR;

/**
 * Each module keeps its schema beside its code in `src/<module>/migrations/NNN-name.sql`.
 * Modules migrate in this order, platform first, so that a domain module's tables may
 * reference the platform's and never the other way round.
 */
export const MIGRATION_MODULES = ['platform', 'data', 'company', 'comms', 'surveys', 'cases', 'engine', 'recall', 'compensation', 'complaints', 'delivery', 'winback', 'privacy'] as const;

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

export function listMigrations(modules: readonly string[] = MIGRATION_MODULES): Migration[] {
  return modules.flatMap((module) => {
    const dir = join(srcDir, module, 'migrations');
    return readdirSync(dir)
      .filter((name) => /^\d{3}-[a-z0-9-]+\.sql$/.test(name))
      .sort()
      .map((name) => {
        const sql = readFileSync(join(dir, name), 'utf8');
        return { id: `${module}/${name.replace(/\.sql$/, '')}`, sql, checksum: createHash('sha256').update(sql).digest('hex') };
      });
  });
}

/**
 * Forward-only and re-runnable: applies every migration not yet recorded, each in its
 * own transaction under an advisory lock, so several nodes starting at once on one
 * PostgreSQL apply each migration exactly once.
 */
export async function migrate(db: Db, migrations = listMigrations()): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rebound.migrate'))`);
      const existing = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE id = $1', [migration.id]);
      if (existing.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [migration.id, migration.checksum]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}

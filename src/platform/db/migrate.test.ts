import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import type { Db } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';

describe('migrations', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('records every migration once and applies nothing on a second run', async () => {
    const rows = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id).sort()).toEqual(listMigrations().map((m) => m.id).sort());
    expect(await migrate(db)).toEqual([]);
  });

  it('returns the same JavaScript types from either driver', async () => {
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT count(*) AS c, 5::int8 AS big, '2024-01-02'::date AS d, now() AS t, '{"a":1}'::jsonb AS j`,
    );
    expect(row).toMatchObject({ c: 1, big: 5, d: '2024-01-02', j: { a: 1 } });
    expect(row?.t).toBeInstanceOf(Date);
  });

  it('validates GTIN check digits in the database too', async () => {
    const [row] = await db.query<{ ok: boolean; bad: boolean }>(
      `SELECT gtin_is_valid('04006381333931') AS ok, gtin_is_valid('04006381333932') AS bad`,
    );
    expect(row).toEqual({ ok: true, bad: false });
  });

  it('rolls a failed transaction back and keeps the connection usable', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO instance_secrets (name, value) VALUES ('t1', 'x')`);
        await tx.query('SELECT 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await db.query(`SELECT * FROM instance_secrets WHERE name = 't1'`)).toEqual([]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});

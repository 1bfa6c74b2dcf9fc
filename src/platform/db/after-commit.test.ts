import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import type { Db } from './database.ts';

const tick = () => new Promise((done) => setImmediate(done));

describe('afterCommit runs a wake-up only once the work it announces is committed (decision 055)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db?.close());

  it('runs after COMMIT, when another connection can see the rows', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS after_commit_probe (n int)');
    const seen: number[] = [];
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO after_commit_probe VALUES (1)');
      tx.afterCommit(() => seen.push(1));
      await tick();
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([1]);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM after_commit_probe');
    expect(row!.n).toBe(1);
  });

  it('never runs for a rolled-back transaction, nor for a savepoint rolled back inside a committed one', async () => {
    const seen: string[] = [];
    await expect(db.transaction(async (tx) => {
      tx.afterCommit(() => seen.push('rolled back'));
      throw new Error('no');
    })).rejects.toThrow('no');
    await db.transaction(async (tx) => {
      tx.afterCommit(() => seen.push('outer'));
      await tx.transaction(async (inner) => {
        inner.afterCommit(() => seen.push('kept savepoint'));
      }).catch(() => undefined);
      await tx.transaction(async (inner) => {
        inner.afterCommit(() => seen.push('dropped savepoint'));
        throw new Error('savepoint');
      }).catch(() => undefined);
    });
    expect(seen).toEqual(['outer', 'kept savepoint']);
  });

  it('outside a transaction runs on the next tick (the statement has committed)', async () => {
    const seen: number[] = [];
    db.afterCommit(() => seen.push(1));
    expect(seen).toEqual([]);
    await tick();
    expect(seen).toEqual([1]);
  });
});

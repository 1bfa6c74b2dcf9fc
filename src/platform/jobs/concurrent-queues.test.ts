import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../test/postgres-template.ts';
import type { Db } from '../db/database.ts';
import { openPostgres } from '../db/postgres.ts';
import { startJobs, type Jobs } from './jobs.ts';

// Regression: two worker processes starting together both create the queues they work
// (comms delivery queues, …); pg-boss 10's create_queue inserts the queue row and attaches
// a partition in one statement, and two of them deadlocked — the loser's worker exited at
// start. Two pools stand for the two processes: the race is between database sessions.
describe.runIf(!!process.env.TEST_DATABASE_URL)('queues created by two workers at once (PostgreSQL)', () => {
  const pools: Db[] = [];
  const jobs: Jobs[] = [];
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase(process.env.TEST_DATABASE_URL!, inject('postgresTemplate'));
    for (let i = 0; i < 2; i++) {
      const db = await openPostgres(database.url, 2);
      pools.push(db);
      jobs.push(await startJobs(db, { supervise: false }));
    }
  });
  afterAll(async () => {
    for (const j of jobs) await j.stop();
    for (const db of pools) await db.close();
    await database.drop();
  });

  it('creates each queue once, without a deadlock, when both ask for it together', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `race-${i}`);
    await Promise.all(names.flatMap((name) => jobs.map((j) => j.ensureQueue(name))));
    const queues = await pools[0]!.query<{ name: string }>(`SELECT name FROM pgboss.queue WHERE name LIKE 'race-%' ORDER BY name`);
    expect(queues.map((q) => q.name)).toEqual([...names].sort());
  });
});

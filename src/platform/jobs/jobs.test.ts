import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import type { Db } from '../db/database.ts';
import { startJobs, type Jobs } from './jobs.ts';

describe('durable jobs on our database', () => {
  let db: Db;
  let jobs: Jobs;
  beforeAll(async () => {
    db = await openTestDb();
    jobs = await startJobs(db, { supervise: false });
    await jobs.ensureQueue('greet');
  });
  afterAll(async () => {
    await jobs.stop();
    await db.close();
  });

  it('delivers a job to a worker', async () => {
    const received = new Promise<unknown>((resolve) => {
      void jobs.boss.work<{ name: string }>('greet', { pollingIntervalSeconds: 0.5 }, async ([job]) => resolve(job!.data));
    });
    await jobs.send('greet', { name: 'Anna' });
    expect(await received).toEqual({ name: 'Anna' });
  });

  it('wakes a worker of this process when a job is sent, whatever its polling interval', async () => {
    await jobs.ensureQueue('wake');
    const received: unknown[] = [];
    const arrived = (n: number) => expect.poll(() => received.length, { timeout: 20_000 }).toBe(n);
    const id = await jobs.work<{ n: number }>('wake', { pollingIntervalSeconds: 3600 }, async ([job]) => {
      received.push(job!.data);
    });
    await jobs.send('wake', { n: 1 });
    await arrived(1);
    // The worker has polled and sleeps for an hour now: only the wake-up brings this one.
    await jobs.send('wake', { n: 2 });
    await arrived(2);
    if (db.kind === 'pglite') {
      // Sent inside a transaction: on PGlite the woken worker's fetch waits behind it and
      // finds the job. (On PostgreSQL it may look before the commit; its next poll takes it.)
      await db.transaction(async (tx) => {
        await jobs.send('wake', { n: 3 }, { tx });
      });
      await arrived(3);
    }
    expect(received.slice(0, 2)).toEqual([{ n: 1 }, { n: 2 }]);
    await jobs.offWork(id);
  });

  it('enqueues inside a transaction: a rolled-back transaction leaves no job', async () => {
    await jobs.ensureQueue('tx-test');
    await expect(
      db.transaction(async (tx) => {
        await jobs.send('tx-test', { n: 1 }, { tx });
        throw new Error('the decision failed');
      }),
    ).rejects.toThrow('the decision failed');
    await db.transaction(async (tx) => {
      await jobs.send('tx-test', { n: 2 }, { tx });
    });
    const fetched = await jobs.boss.fetch<{ n: number }>('tx-test', { batchSize: 10 });
    expect(fetched.map((j) => j.data)).toEqual([{ n: 2 }]);
  });
});

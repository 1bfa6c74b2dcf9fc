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

describe.runIf(!!process.env.TEST_DATABASE_URL)('stopping while a worker is fetching (PostgreSQL)', () => {
  // pg-boss's graceful stop waits only for jobs a worker already holds. A fetch in flight
  // when stop begins brings its jobs back afterwards; their handler and completion then ran
  // on a database the caller had closed by then ("Cannot use a pool after calling end").
  it('returns only once the jobs that fetch brings back have run and been completed', async () => {
    const db = await openTestDb();
    const jobs = await startJobs(db, { supervise: false });
    let release = () => {};
    try {
      await jobs.ensureQueue('late-fetch');
      const jobId = await jobs.send('late-fetch', { n: 1 });
      const released = new Promise<void>((resolve) => { release = resolve; });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => { locked = resolve; });
      // Another session of the pool holds the job table: the worker's first fetch waits on it.
      const holding = db.transaction(async (tx) => {
        await tx.query('LOCK TABLE pgboss.job IN ACCESS EXCLUSIVE MODE');
        locked();
        await released;
      });
      await isLocked;
      let handled = false;
      await jobs.work('late-fetch', { pollingIntervalSeconds: 0.5 }, async () => { handled = true; });
      await expect.poll(async () => (await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0]!.n).toBeGreaterThan(0);

      let stopped = false;
      const stopping = jobs.stop().then(() => { stopped = true; });
      // Give stop time to see no job held (it checks every 0.5 s); it must still be waiting.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(stopped).toBe(false);
      release();
      await holding;
      await stopping;
      expect(handled).toBe(true);
      const [job] = await db.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [jobId]);
      expect(job?.state).toBe('completed');
    } finally {
      release();
      await jobs.stop();
      await db.close();
    }
  });
});

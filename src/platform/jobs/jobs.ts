import PgBoss from 'pg-boss';
import type { Db } from '../db/database.ts';
import { metrics } from '../metrics/registry.ts';
import { currentRequestId, withRequestId } from '../log/request-context.ts';

/**
 * Durable jobs on the same database (pg-boss 10): on PostgreSQL any number of worker
 * processes share the queues (SKIP LOCKED); on PGlite the one process runs them.
 * pg-boss reaches SQL through our seam, so both databases behave the same.
 */
export type { PgBoss };

/** pg-boss's SQL interface over our `Db`: parameterless calls may hold several statements. */
export function pgBossDb(db: Db, inFlight?: { count: number }): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      if (inFlight) inFlight.count++;
      try {
        return { rows: values.length > 0 ? await db.query(text, values) : await db.exec(text) };
      } finally {
        if (inFlight) inFlight.count--;
      }
    },
  };
}

const STOP_DRAIN_LIMIT_MS = 30_000;

export interface JobsOptions {
  schema?: string;
  /** How often idle workers look for work; pg-boss allows 0.5 s at the least. */
  pollingIntervalSeconds?: number;
  /** Maintenance (expiry, archiving) and cron scheduling; off in short-lived processes like tests. */
  supervise?: boolean;
}

export interface Jobs {
  readonly boss: PgBoss;
  /**
   * Enqueues a job. Pass `tx` to enqueue inside a transaction: the job exists only if that
   * transaction commits (the outbox rule — record, then send).
   */
  send<T extends object>(queue: string, data: T, options?: PgBoss.SendOptions & { tx?: Db }): Promise<string | null>;
  /**
   * Starts a worker on `queue`, like `boss.work`, and wakes it at once when this process
   * sends a job to that queue (not one deferred with startAfter). On PGlite (one process)
   * its polling then only catches deferred jobs, so it can be slow when idle; on PostgreSQL
   * a job sent inside a transaction may be looked for before it commits, and is then taken
   * by the next poll.
   */
  work<T extends object>(queue: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>): Promise<string>;
  offWork(id: string): Promise<void>;
  ensureQueue(name: string, options?: Omit<PgBoss.Queue, 'name'>): Promise<void>;
  stop(): Promise<void>;
}

const DEADLOCK_DETECTED = '40P01';
const QUEUE_CREATE_ATTEMPTS = 20;

export async function startJobs(db: Db, options: JobsOptions = {}): Promise<Jobs> {
  // What pg-boss still has running: its own statements and our handlers. Its graceful stop
  // waits only for jobs a worker already holds; a fetch in flight when stop begins returns
  // jobs afterwards, whose handler then runs (and completes or fails them, unawaited) on a
  // database the caller has closed by then. stop() waits for both counts to reach zero.
  const inFlightSql = { count: 0 };
  let activeHandlers = 0;
  const boss = new PgBoss({
    db: pgBossDb(db, inFlightSql),
    schema: options.schema ?? 'pgboss',
    supervise: options.supervise ?? true,
    schedule: options.supervise ?? true,
    migrate: true,
  });
  boss.on('error', (error) => console.error('jobs:', error));
  await boss.start();
  const known = new Set<string>();
  const localWorkers = new Map<string, Set<string>>();
  return {
    boss,
    async send(queue, data, { tx, ...sendOptions } = {}) {
      const requestId = currentRequestId();
      if (requestId && !('requestId' in data)) data = { ...data, requestId };
      const id = await boss.send(queue, data, tx ? { ...sendOptions, db: pgBossDb(tx) } : sendOptions);
      // Inside a transaction the job is visible once it commits: on PGlite the worker's
      // fetch waits behind that transaction anyway; on PostgreSQL an early fetch finds
      // nothing and the worker's next poll takes the job.
      if (id && sendOptions.startAfter === undefined) for (const worker of localWorkers.get(queue) ?? []) boss.notifyWorker(worker);
      return id;
    },
    async work(queue, workOptions, handler) {
      const counted: typeof handler = async (jobs) => {
        // A job enqueued by a request runs under that request's id (one job per fetch, or all from one request).
        const ids = new Set(jobs.map((job) => (job.data as { requestId?: unknown }).requestId));
        const requestId = ids.size === 1 ? [...ids][0] : undefined;
        activeHandlers++;
        try {
          const result = await withRequestId(typeof requestId === 'string' ? requestId : undefined, () => handler(jobs));
          metrics.jobsDone.inc({ queue, outcome: 'done' }, jobs.length);
          return result;
        } catch (error) {
          metrics.jobsDone.inc({ queue, outcome: 'failed' }, jobs.length);
          console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: 'job failed', queue, jobIds: jobs.map((job) => job.id), requestId, err: error instanceof Error ? error.message : String(error) }));
          throw error;
        } finally {
          activeHandlers--;
        }
      };
      const id = await boss.work(queue, workOptions, counted);
      localWorkers.set(queue, (localWorkers.get(queue) ?? new Set()).add(id));
      return id;
    },
    async offWork(id) {
      for (const ids of localWorkers.values()) ids.delete(id);
      await boss.offWork({ id });
    },
    async ensureQueue(name, queueOptions = {}) {
      if (known.has(name)) return;
      for (let attempt = 1; ; attempt++) {
        try {
          if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...queueOptions });
          break;
        } catch (error) {
          // Two workers starting together both create the same queues; pg-boss 10's
          // create_queue (queue row, then ATTACH PARTITION) can deadlock between them.
          // PostgreSQL aborts one side; by then the other has created the queue, so a retry
          // finds it instead of the worker exiting at start. Every queue attaches a partition
          // to the same parent table, so creations of *different* queues deadlock too: with a
          // dozen queues from each of two workers, five quick retries were seen to run out
          // (CI). Back off exponentially with jitter, so the creations spread out and finish.
          if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= QUEUE_CREATE_ATTEMPTS) throw error;
          await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random())));
        }
      }
      known.add(name);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      // Checked on timers, not microtasks: a fetch that has just returned reaches our
      // handler (activeHandlers++) within the same turn, before the next check runs; the
      // complete/fail after a handler issues its statement synchronously, so it is counted too.
      for (const deadline = Date.now() + STOP_DRAIN_LIMIT_MS; (inFlightSql.count > 0 || activeHandlers > 0) && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

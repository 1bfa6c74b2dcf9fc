import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openPostgres } from '../src/platform/db/postgres.ts';
import type { Db } from '../src/platform/db/database.ts';
import { startTestApp, type TestApp } from './app.ts';
import { createTestDatabase } from './postgres-template.ts';

/*
 * Issue 17, point 4: dashboards, reports and exports read from a read replica
 * (DATABASE_READ_URL). A real streaming replica of the throwaway PostgreSQL the suite runs
 * on: pg_basebackup from the primary, started on a port of its own. To show that a
 * dashboard is served from the replica and not the primary, replay is paused on the replica
 * while the primary takes new orders: the dashboard shows the old figure until replay
 * resumes.
 */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const adminUrl = process.env.TEST_DATABASE_URL;
const asRoot = process.getuid?.() === 0;
// initdb and pg_ctl refuse to run as root: run them as the postgres user, as .ci/run does.
const asServerUser = (command: string, args: string[]) =>
  execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe', timeout: 120_000 });

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

describe.runIf(!!adminUrl)('dashboards from a streaming read replica (PostgreSQL)', () => {
  let dir: string;
  let replicaPort: number;
  let database: { url: string; drop(): Promise<void> };
  let primary: Db;
  let replica: Db;
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-replica-'));
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    const source = new URL(adminUrl!);
    database = await createTestDatabase(adminUrl!, inject('postgresTemplate'));
    primary = await openPostgres(database.url, 4);
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    asServerUser(`${PG_BIN}/pg_basebackup`, ['-h', source.hostname, '-p', source.port, '-U', decodeURIComponent(source.username), '-D', join(dir, 'data'), '-R', '-X', 'stream', '-c', 'fast']);
    replicaPort = await freePort();
    // A hot standby needs at least the primary's limits (CI raises max_connections), or recovery stops.
    const limits = await primary.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`);
    const options = [`-p ${replicaPort}`, '-c listen_addresses=127.0.0.1', `-k ${dir}`, '-c hot_standby=on', ...limits.map((l) => `-c ${l.name}=${l.setting}`)].join(' ');
    try {
      asServerUser(`${PG_BIN}/pg_ctl`, ['-D', join(dir, 'data'), '-l', join(dir, 'replica.log'), '-w', '-o', options, 'start']);
    } catch (error) {
      throw new Error(`the replica did not start: ${readFileSync(join(dir, 'replica.log'), 'utf8').slice(-2000)}`, { cause: error });
    }
    const replicaUrl = new URL(database.url);
    replicaUrl.port = String(replicaPort);
    replica = await openPostgres(replicaUrl.toString(), 2);
    t = await startTestApp({}, { db: primary, readDb: replica });
    cookie = await t.login(['manager']);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await replica?.close();
    await database?.drop();
    if (dir) {
      try {
        asServerUser(`${PG_BIN}/pg_ctl`, ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } catch { /* never started */ }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const customersOnDashboard = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/data/stats', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    return response.json().totals.customers as number;
  };
  const countOn = async (db: Db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0]!.n;
  async function replicaCaughtUp(): Promise<void> {
    const [{ lsn }] = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')) as [{ lsn: string }];
    for (const deadline = Date.now() + 30_000; ;) {
      const [row] = await replica.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
      if (row?.done) return;
      if (Date.now() > deadline) throw new Error('the replica did not catch up in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const addCustomers = (from: number, count: number) => primary.query(
    `INSERT INTO customers (external_id, name, email) SELECT 'R-' || i, 'Replica reader ' || i, 'reader' || i || '@example.com' FROM generate_series($1::int, $2::int) i`,
    [from, from + count - 1],
  );

  it('the replica is a hot standby that refuses writes', async () => {
    expect((await replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'))[0]!.standby).toBe(true);
    await expect(replica.query(`INSERT INTO customers (external_id, name) VALUES ('nope', 'nope')`)).rejects.toThrow(/read-only transaction/);
  });

  it('serves the data hub dashboard from the replica: paused replay shows the old figure, resumed shows the new', async () => {
    await addCustomers(1, 25);
    await replicaCaughtUp();
    const before = await countOn(primary);
    expect(await customersOnDashboard()).toBe(before);

    await replica.query('SELECT pg_wal_replay_pause()');
    await addCustomers(100, 40);
    expect(await countOn(primary)).toBe(before + 40);
    // The primary has 40 more customers; the dashboard, read on the paused replica, does not.
    expect(await customersOnDashboard()).toBe(before);

    await replica.query('SELECT pg_wal_replay_resume()');
    await replicaCaughtUp();
    expect(await customersOnDashboard()).toBe(before + 40);
  });

  it('writes still go to the primary while reports read the replica', async () => {
    await replica.query('SELECT pg_wal_replay_pause()');
    const created = await t.app.inject({ method: 'POST', url: '/api/imports/customers', headers: { cookie, 'content-type': 'text/csv' }, payload: 'external_id,name,email\nR-write,Written on the primary,written@example.com\n' });
    await replica.query('SELECT pg_wal_replay_resume()');
    expect(created.statusCode, created.body).toBeLessThan(300);
    expect((await primary.query(`SELECT count(*)::int AS n FROM customers WHERE external_id = 'R-write'`))[0]).toEqual({ n: 1 });
  });
});

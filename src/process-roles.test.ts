import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../test/postgres-template.ts';
import { systemActor } from './platform/audit/audit.ts';
import { systemClock } from './platform/clock/clock.ts';
import type { Db } from './platform/db/database.ts';
import { openPostgres } from './platform/db/postgres.ts';
import { deployProcess } from './engine/definitions/deploy-process.ts';
import { startInstance } from './engine/runtime/start-instance.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="roles" targetNamespace="urn:test">
  <process id="roleCount" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
    <serviceTask id="call" rebound:action="notify" rebound:input="{ subject: &quot;once&quot; }"/>
    <sequenceFlow id="f2" sourceRef="call" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;
// Divisible by three: a third of the calls is held back under row locks in the SIGTERM test.
const INSTANCES = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise<number>((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => done(port));
  });
});

/*
 * Issue 17, point 3: REBOUND_ROLE=api nodes answer HTTP and run no background work;
 * REBOUND_ROLE=worker processes run it; SIGTERM stops a worker cleanly, finishing or handing
 * back what it claimed, so the next worker takes over at once (no action call left
 * 'running' under a lease to wait out). PostgreSQL only: on the embedded database one
 * process does everything.
 */
describe.runIf(!!process.env.TEST_DATABASE_URL)('API nodes and workers as separate processes (PostgreSQL)', () => {
  let db: Db;
  let database: { url: string; drop(): Promise<void> };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(process.env.TEST_DATABASE_URL!, inject('postgresTemplate'));
    db = await openPostgres(database.url, 2);
    await deployProcess(db, systemClock, MODEL, systemActor);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.close();
    await database?.drop();
  });

  function startNode(role: 'api' | 'worker', env: Record<string, string> = {}): { child: ChildProcess; output: () => string; ready: Promise<void> } {
    let text = '';
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'main.ts')], {
      env: {
        ...process.env, DATABASE_URL: database.url, REBOUND_ROLE: role, REBOUND_SECRET: 'roles-test-secret-'.padEnd(40, 'x'),
        REBOUND_DEMO: 'false', ENGINE_POLL_MS: '50', ENGINE_ACTION_LEASE_SECONDS: '300', LOG_LEVEL: 'silent', ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const marker = role === 'api' ? 'Rebound is running at' : `worker ${child.pid} started`;
    const ready = (async () => {
      for (const deadline = Date.now() + 90_000; !text.includes(marker);) {
        if (child.exitCode !== null) throw new Error(`the ${role} node exited with ${child.exitCode}:\n${text}`);
        if (Date.now() > deadline) throw new Error(`the ${role} node did not start in 90 s:\n${text}`);
        await sleep(50);
      }
    })();
    return { child, output: () => text, ready };
  }
  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]!.n;

  it('an API node serves HTTP and leaves service-task calls to the workers', async () => {
    const port = await freePort();
    const api = startNode('api', { PORT: String(port) });
    await api.ready;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    for (let i = 0; i < INSTANCES; i++) await startInstance({ db, clock: systemClock }, { processId: 'roleCount', businessKey: `role-${i}` });
    // Ten of its poll intervals: a node that worked jobs would have taken calls by now.
    await sleep(500);
    expect(await count(`SELECT count(*)::int AS n FROM engine_action_calls WHERE status <> 'pending'`)).toBe(0);
    api.child.kill('SIGTERM');
    const [code] = await once(api.child, 'exit');
    expect(code).toBe(0);
    expect(api.output()).toContain('stopped cleanly');
  });

  it('SIGTERM stops a worker cleanly; the next worker finishes every call, each side effect once', async () => {
    // A third of the calls are held under row locks by another session until the first worker
    // has stopped: its claims (SKIP LOCKED) pass them by, so work is surely left for the next
    // worker however fast this one runs (with one-statement steps it once finished all 150
    // before SIGTERM arrived).
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('BEGIN');
    const held = await holder.query(`SELECT id FROM engine_action_calls WHERE status = 'pending' ORDER BY id DESC LIMIT ${INSTANCES / 3} FOR UPDATE`);
    expect(held.rowCount).toBe(INSTANCES / 3);
    const first = startNode('worker');
    await first.ready;
    for (const deadline = Date.now() + 60_000; (await count(`SELECT count(*)::int AS n FROM engine_action_calls WHERE status = 'done'`)) < 10;) {
      if (Date.now() > deadline) throw new Error(`the worker took no calls in 60 s:\n${first.output()}`);
      await sleep(10);
    }
    first.child.kill('SIGTERM');
    const [code] = await once(first.child, 'exit');
    expect(code, first.output()).toBe(0);
    expect(first.output()).toContain(`worker ${first.child.pid}: stopped cleanly`);
    // Nothing stays claimed: with a 300 s lease, a call left 'running' would hold its instance for five minutes.
    expect(await count(`SELECT count(*)::int AS n FROM engine_action_calls WHERE status = 'running'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'`)).toBe(0);
    const doneAtStop = await count(`SELECT count(*)::int AS n FROM engine_instances WHERE process_id = 'roleCount' AND status = 'completed'`);
    expect(doneAtStop).toBeLessThanOrEqual(INSTANCES - INSTANCES / 3);
    await holder.query('COMMIT');
    await holder.end();

    const second = startNode('worker');
    await second.ready;
    for (const deadline = Date.now() + 90_000; (await count(`SELECT count(*)::int AS n FROM engine_instances WHERE process_id = 'roleCount' AND status = 'completed'`)) < INSTANCES;) {
      if (Date.now() > deadline) throw new Error(`instances still open after 90 s:\n${second.output()}`);
      await sleep(50);
    }
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
    expect(await count(`SELECT count(*)::int AS n FROM engine_notifications`)).toBe(INSTANCES);
    expect(await count(`SELECT count(DISTINCT idempotency_key)::int AS n FROM engine_notifications`)).toBe(INSTANCES);
  }, 240_000);

  it('refuses an API-only node on the embedded database, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, DATABASE_URL: '', REBOUND_ROLE: 'api', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(text).toContain('REBOUND_ROLE: "api" needs DATABASE_URL');
  });
});

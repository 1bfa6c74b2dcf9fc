import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase } from '../../test/postgres-template.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { systemClock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { openPostgres } from '../platform/db/postgres.ts';
import { deployProcess } from './definitions/deploy-process.ts';
import { startInstance } from './runtime/start-instance.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="crash" targetNamespace="urn:test">
  <process id="crashCount" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="first"/>
    <serviceTask id="first" rebound:action="notify" rebound:input="{ subject: &quot;first&quot; }"/>
    <sequenceFlow id="f2" sourceRef="first" targetRef="pause"/>
    <intermediateCatchEvent id="pause"><timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f3" sourceRef="pause" targetRef="second"/>
    <serviceTask id="second" rebound:action="notify" rebound:input="{ subject: &quot;second&quot; }"/>
    <sequenceFlow id="f4" sourceRef="second" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

const INSTANCES = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A worker process (src/worker.ts) is killed with SIGKILL while instances are mid-flight;
// after a restart every instance completes and the counting action ('notify', one row per
// idempotency key, `deliveries` counting repeats) shows no side effect happened twice.
// PostgreSQL only: on PGlite the test process and the worker cannot share the data folder.
describe.runIf(!!process.env.TEST_DATABASE_URL)('crash safety of a worker (SIGKILL, PostgreSQL)', () => {
  let db: Db;
  let database: { url: string; drop(): Promise<void> };
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(process.env.TEST_DATABASE_URL!, inject('postgresTemplate'));
    db = await openPostgres(database.url, 2);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await db.close();
    await database.drop();
  });

  const startWorker = () => spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../worker.ts')], {
    env: { ...process.env, DATABASE_URL: database.url, REBOUND_SECRET: 'crash-test-secret-'.padEnd(40, 'x'), ENGINE_POLL_MS: '50', ENGINE_ACTION_LEASE_SECONDS: '2', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]!.n;

  it('completes every instance after a SIGKILL, each side effect once', async () => {
    await deployProcess(db, systemClock, MODEL, systemActor);
    for (let i = 0; i < INSTANCES; i++) await startInstance({ db, clock: systemClock }, { processId: 'crashCount', businessKey: `crash-${i}` });

    worker = startWorker();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await count(`SELECT count(*)::int AS n FROM engine_action_calls WHERE status = 'done'`)) < 5) await sleep(20);
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    const doneAtKill = await count(`SELECT count(*)::int AS n FROM engine_instances WHERE status = 'completed'`);
    expect(doneAtKill).toBeLessThan(INSTANCES);

    worker = startWorker();
    while (Date.now() < deadline + 30_000 && (await count(`SELECT count(*)::int AS n FROM engine_instances WHERE status = 'completed'`)) < INSTANCES) await sleep(100);
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));

    expect(await count(`SELECT count(*)::int AS n FROM engine_instances WHERE process_id = 'crashCount' AND status = 'completed'`)).toBe(INSTANCES);
    expect(await count(`SELECT count(*)::int AS n FROM engine_notifications`)).toBe(2 * INSTANCES);
    expect(await count(`SELECT count(DISTINCT idempotency_key)::int AS n FROM engine_notifications`)).toBe(2 * INSTANCES);
    expect(await count(`SELECT count(*)::int AS n FROM engine_action_calls WHERE status <> 'done'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM engine_timers`)).toBe(0);
  }, 120_000);
});

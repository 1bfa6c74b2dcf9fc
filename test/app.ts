import type { FastifyInstance } from 'fastify';
import { systemActor } from '../src/platform/audit/audit.ts';
import type { Role } from '../src/platform/auth/permissions.ts';
import { createUser } from '../src/platform/auth/users.ts';
import { ManualClock } from '../src/platform/clock/clock.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import type { Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { MODULES } from '../src/modules.ts';
import type { AppContext } from '../src/platform/http/context.ts';
import { startJobs } from '../src/platform/jobs/jobs.ts';
import { startModuleWorkers } from '../src/platform/modules/module.ts';
import { runDueActionCalls } from '../src/engine/index.ts';
import { openTestDb } from './db.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  clock: ManualClock;
  ctx: AppContext;
  /** Signs in a new user with these roles and returns the Cookie header value. */
  login(roles: Role[], email?: string): Promise<string>;
  close(): Promise<void>;
}

let users = 0;

/**
 * Where the test app's clock starts: a Wednesday, 11:00 UTC (14:00 in Moscow, 11:00 in London),
 * after the demo data's last day (2026-11-01). Not the wall clock: a suite that starts at
 * "now" passes or fails with the weekday and hour it runs at (issue 11: two tests failed on
 * Friday evenings, when a business-hours deadline slipped to Monday). A test that needs
 * another moment sets it (`t.clock.set`).
 */
export const TEST_CLOCK_START = '2026-11-18T11:00:00.000Z';

/** The whole API and the modules' workers on a database of its own, with a clock the test moves. */
export async function startTestApp(env: Record<string, string> = {}, options: { db?: Db; readDb?: Db } = {}): Promise<TestApp> {
  const db = options.db ?? (await openTestDb());
  const clock = new ManualClock(TEST_CLOCK_START);
  const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...env });
  const jobs = await startJobs(db, { supervise: false });
  const ctx: AppContext = { db, readDb: options.readDb, config, clock, jobs, signingKey: 'test-signing-key-'.padEnd(48, 'x') };
  const stopWorkers = await startModuleWorkers(MODULES, ctx);
  const app = await buildApp(ctx, { modules: MODULES, logger: false });
  await app.ready();
  return {
    app,
    db,
    clock,
    ctx,
    async login(roles, email = `user${++users}-${roles.join('-')}@example.com`) {
      await createUser(db, systemActor, { email, name: email, password: TEST_PASSWORD, roles });
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'rebound_session');
      return `rebound_session=${cookie!.value}`;
    },
    async close() {
      await app.close();
      await stopWorkers();
      await jobs.stop();
      await db.close();
    },
  };
}

/**
 * Runs the engine's due service-task calls until none is left or running — what the worker
 * loop does, but waited for. The app's own worker may hold a call at the same moment (on
 * PostgreSQL it runs on another connection, and SKIP LOCKED hides its call from us), so an
 * empty round alone does not mean the process has moved on: wait for its call to finish too.
 */
export async function settleActions(t: TestApp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    while ((await runDueActionCalls({ db: t.db, clock: t.clock })) > 0);
    const [open] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM engine_action_calls WHERE status = 'running' OR (status = 'pending' AND next_attempt_at <= $1)`, [t.clock.now()]);
    if (Number(open!.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`service-task calls still open after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { ensureFirstAdmin } from './platform/bootstrap/first-admin.ts';
import { AdjustableClock, systemClock } from './platform/clock/clock.ts';
import { ConfigError, loadConfig, publicUrl } from './platform/config/config.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { openDatabase } from './platform/db/open.ts';
import { openPostgres } from './platform/db/postgres.ts';
import { signingSecret } from './platform/bootstrap/instance-secret.ts';
import { buildApp } from './platform/http/app.ts';
import type { AppContext } from './platform/http/context.ts';
import { startJobs } from './platform/jobs/jobs.ts';
import { startModuleWorkers } from './platform/modules/module.ts';
import { demoSeeded } from './data/demo-seed.ts';
import { loadDemo, type LoadedDemo } from './demo/load-demo.ts';
import { demoLoginsTable, ensureDemoUsers } from './demo/demo-users.ts';
import { MODULES } from './modules.ts';

/**
 * `npm start`: open (or create) the database, migrate, seed the demo once, serve.
 * REBOUND_ROLE splits the work on PostgreSQL: `api` nodes answer HTTP and enqueue, `worker`
 * processes run process steps, timers and message delivery; `all` (the default, and the
 * only one the embedded database allows) does both.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const role = config.REBOUND_ROLE;
  // Each step below can take seconds on a first start (PGlite creates its cluster, 20-odd
  // migrations run, passwords are hashed): say what is happening instead of going quiet.
  const say = (line: string) => role !== 'worker' && console.log(line);
  say(config.DATABASE_URL ? 'Connecting to PostgreSQL…' : `Opening the embedded database in ${config.REBOUND_DATA_DIR}…`);
  const db = await openDatabase(config);
  const readDb = config.DATABASE_READ_URL ? await openPostgres(config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE) : undefined;
  say('Applying migrations…');
  const applied = await migrate(db);
  say(applied.length ? `Applied ${applied.length} migrations.` : 'The database is up to date.');

  const admin = role === 'worker' ? undefined : await ensureFirstAdmin(db, config);
  say(role === 'api' ? 'Connecting to the job queues…' : 'Starting background workers and deploying processes…');
  const jobs = await startJobs(db);
  // REBOUND_CLOCK_CONTROL: a clock administrators may move forward, for demos and browser tests.
  const clock = config.REBOUND_CLOCK_CONTROL ? new AdjustableClock() : systemClock;
  const ctx: AppContext = { db, readDb, config, clock, jobs, signingKey: await signingSecret(db, config.REBOUND_SECRET) };

  const demo = role === 'all' && (config.REBOUND_DEMO ?? !config.DATABASE_URL);
  // Demo staff with printed passwords never exist on a production server, demo data or not.
  const demoStaff = demo && config.REBOUND_DEMO_SCENES && process.env.NODE_ENV !== 'production';
  let loaded: LoadedDemo | undefined;
  if (demo && !(await demoSeeded(db))) {
    console.log(`Loading demo data (${config.REBOUND_DEMO_CUSTOMERS} customers, ${config.REBOUND_DEMO_ORDERS} orders)…`);
    loaded = await loadDemo(ctx, {
      customers: config.REBOUND_DEMO_CUSTOMERS, orders: config.REBOUND_DEMO_ORDERS, clock, dataDir: config.REBOUND_DATA_DIR,
      scenes: demoStaff, modules: MODULES, onLine: (line) => console.log(line),
    });
  }
  const demoLogins = demoStaff ? (loaded?.logins.length ? loaded.logins : await ensureDemoUsers(db, config.REBOUND_DATA_DIR)) : [];

  const stopWorkers = role === 'api' ? async () => undefined : await startModuleWorkers(MODULES, ctx);
  // A worker answers HTTP only where WORKER_HTTP_PORT asks (health and /metrics, no domain routes).
  const listenPort = role === 'worker' ? config.WORKER_HTTP_PORT : config.PORT;
  const app = listenPort === undefined ? undefined : await buildApp(ctx, { modules: role === 'worker' ? [] : MODULES });
  if (app) await app.listen({ port: listenPort, host: config.HOST });

  if (role === 'worker') {
    console.log(`worker ${process.pid} started (${db.kind})`);
  } else {
    const address = app!.server.address();
    const url = publicUrl(config, typeof address === 'object' && address ? address.port : config.PORT);
    console.log('');
    console.log(`Rebound is running at ${url}  (database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.REBOUND_DATA_DIR}` : 'PostgreSQL'}${role === 'api' ? '; API only, REBOUND_ROLE=api' : ''}${readDb ? '; reports from the read replica' : ''})`);
    console.log(`  API docs:  ${url}/docs`);
    if (config.REBOUND_CLOCK_CONTROL) console.log('  Clock:     administrators may move it forward (REBOUND_CLOCK_CONTROL=true) — not for production');
    if (admin?.password) console.log(`  Sign in:   ${admin.email} / ${admin.password}`);
    else if (admin) console.log(`  Sign in:   ${admin.email} (password as set by REBOUND_ADMIN_PASSWORD)`);
    else console.log('  No users yet: set REBOUND_ADMIN_PASSWORD and restart, or run `npx rebound users create`.');
    if (demoLogins.length) {
      // The demo's own people, on the console only (never the structured log a production log store collects).
      console.log(`  Demo staff (passwords in ${config.REBOUND_DATA_DIR}/demo-passwords.txt):`);
      for (const line of demoLoginsTable(demoLogins)) console.log(line);
    }
  }

  // Graceful stop (SIGTERM from systemd or an orchestrator): stop taking requests and let
  // those in flight finish; stop polling and let running steps and action calls finish;
  // pg-boss waits for its active jobs and fails back what is still running after 10 s,
  // so another worker retries it at once instead of waiting for a lease to run out.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${role === 'worker' ? `worker ${process.pid}` : 'Rebound'}: ${signal}, finishing work in hand…`);
    await app?.close();
    await stopWorkers();
    await jobs.stop();
    await readDb?.close();
    await db.close();
    console.log(`${role === 'worker' ? `worker ${process.pid}` : 'Rebound'}: stopped cleanly.`);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`Rebound cannot start: ${error.message}`);
  } else {
    console.error('Rebound failed to start:', error);
  }
  process.exit(1);
});

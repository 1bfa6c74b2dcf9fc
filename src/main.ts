import { ensureFirstAdmin } from './platform/bootstrap/first-admin.ts';
import { AdjustableClock, systemClock } from './platform/clock/clock.ts';
import { ConfigError, loadConfig, publicUrl } from './platform/config/config.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { openDatabase } from './platform/db/open.ts';
import { signingSecret } from './platform/bootstrap/instance-secret.ts';
import { buildApp } from './platform/http/app.ts';
import type { AppContext } from './platform/http/context.ts';
import { startJobs } from './platform/jobs/jobs.ts';
import { startModuleWorkers } from './platform/modules/module.ts';
import { demoSeeded } from './data/demo-seed.ts';
import { loadDemo, type LoadedDemo } from './demo/load-demo.ts';
import { demoLoginsTable, ensureDemoUsers } from './demo/demo-users.ts';
import { MODULES } from './modules.ts';

/** `npm start`: open (or create) the database, migrate, seed the demo once, serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Each step below can take seconds on a first start (PGlite creates its cluster, 20-odd
  // migrations run, passwords are hashed): say what is happening instead of going quiet.
  console.log(config.DATABASE_URL ? 'Connecting to PostgreSQL…' : `Opening the embedded database in ${config.REBOUND_DATA_DIR}…`);
  const db = await openDatabase(config);
  console.log('Applying migrations…');
  const applied = await migrate(db);
  console.log(applied.length ? `Applied ${applied.length} migrations.` : 'The database is up to date.');

  const admin = await ensureFirstAdmin(db, config);
  console.log('Starting background workers and deploying processes…');
  const jobs = await startJobs(db);
  // REBOUND_CLOCK_CONTROL: a clock administrators may move forward, for demos and browser tests.
  const clock = config.REBOUND_CLOCK_CONTROL ? new AdjustableClock() : systemClock;
  const ctx: AppContext = { db, config, clock, jobs, signingKey: await signingSecret(db, config.REBOUND_SECRET) };

  const demo = config.REBOUND_DEMO ?? !config.DATABASE_URL;
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

  const stopWorkers = await startModuleWorkers(MODULES, ctx);
  const app = await buildApp(ctx, { modules: MODULES });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const url = publicUrl(config, typeof address === 'object' && address ? address.port : config.PORT);

  console.log('');
  console.log(`Rebound is running at ${url}  (database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.REBOUND_DATA_DIR}` : 'PostgreSQL'})`);
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

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await stopWorkers();
    await jobs.stop();
    await db.close();
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

import { signingSecret } from './platform/bootstrap/instance-secret.ts';
import { systemClock } from './platform/clock/clock.ts';
import { ConfigError, loadConfig } from './platform/config/config.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { openDatabase } from './platform/db/open.ts';
import type { AppContext } from './platform/http/context.ts';
import { startJobs } from './platform/jobs/jobs.ts';
import { startModuleWorkers } from './platform/modules/module.ts';
import { MODULES } from './modules.ts';

/**
 * `npm run worker`: a process that only works jobs (process steps, timers, message
 * delivery) — run N of them beside stateless API nodes on one PostgreSQL. In the embedded
 * mode `npm start` already runs the workers in its own process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  await migrate(db);
  const jobs = await startJobs(db);
  const ctx: AppContext = { db, config, clock: systemClock, jobs, signingKey: await signingSecret(db, config.REBOUND_SECRET) };
  const stopWorkers = await startModuleWorkers(MODULES, ctx);
  console.log(`worker ${process.pid} started (${db.kind})`);
  const shutdown = async () => {
    await stopWorkers();
    await jobs.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DataDirLockedError ? `Rebound worker cannot start: ${error.message}` : error);
  process.exit(1);
});

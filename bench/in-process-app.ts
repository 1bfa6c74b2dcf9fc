import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/platform/config/config.ts';
import { systemClock } from '../src/platform/clock/clock.ts';
import type { Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/platform/http/app.ts';
import type { AppContext } from '../src/platform/http/context.ts';
import { startJobs } from '../src/platform/jobs/jobs.ts';
import { startModuleWorkers } from '../src/platform/modules/module.ts';
import { MODULES } from '../src/modules.ts';

/**
 * The app and its module workers in the bench's own process, on a database it already opened
 * and migrated, as the server runs them (the workers install templates and processes); for
 * benches that drive the API with `app.inject` and read the database directly.
 */
export async function startInProcessApp(db: Db, databaseUrl: string, signingKey: string): Promise<{ app: FastifyInstance; stop(): Promise<void> }> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
  const jobs = await startJobs(db, { supervise: false });
  const ctx: AppContext = { db, config, clock: systemClock, jobs, signingKey };
  const stopWorkers = await startModuleWorkers(MODULES, ctx);
  const app = await buildApp(ctx, { modules: MODULES, logger: false });
  await app.ready();
  return {
    app,
    async stop() {
      await app.close();
      await stopWorkers();
      await jobs.stop();
    },
  };
}

import type { RuntimeModule } from '../platform/modules/module.ts';
import { registerNotifyAction } from './actions/notify.action.ts';
import { decisionRoutes } from './decisions.routes.ts';
import { deployFolder } from './definitions/deploy-folder.ts';
import { processRoutes } from './processes.routes.ts';
import { startEngineWorker } from './runtime/engine-worker.ts';
import { taskRoutes } from './tasks.routes.ts';

registerNotifyAction();

const routes: RuntimeModule['routes'] = async (app, ctx) => {
  await app.register(processRoutes, ctx);
  await app.register(taskRoutes, ctx);
  await app.register(decisionRoutes, ctx);
};

/**
 * The process engine as the platform runs it: its API, and in every worker process the
 * shipped models deployed (unchanged ones keep their version) and the timer/action loop.
 */
export const engineModule: RuntimeModule = {
  name: 'engine',
  routes,
  async startWorkers(ctx) {
    const deployed = await deployFolder(ctx);
    if (deployed.length) console.log(`engine: deployed ${deployed.join(', ')}`);
    return startEngineWorker(ctx, {
      pollMs: ctx.config.ENGINE_POLL_MS,
      leaseSeconds: ctx.config.ENGINE_ACTION_LEASE_SECONDS,
      // The embedded database runs one statement at a time: parallel calls would only queue there.
      actionConcurrency: ctx.db.kind === 'postgres' ? ctx.config.ENGINE_ACTION_CONCURRENCY : 1,
    });
  },
};

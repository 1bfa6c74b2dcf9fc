import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { startMetricsRecomputeWorker } from './metrics/recompute.job.ts';
import { installWinbackTemplates } from './process/offer-message.ts';
import { winbackProcessRoutes } from './process/process.routes.ts';
import { winbackReportRoutes } from './reports/reports.routes.ts';
import { startWinbackSweep } from './process/process-sweep.job.ts';
import { registerWinbackActions } from './process/winback-actions.ts';
import { registerSegmentImportHook, startSegmentWorkers } from './segments/segments.job.ts';
import { segmentRoutes } from './segments/segments.routes.ts';
import { winbackRoutes } from './winback.routes.ts';

const routes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  // With the routes, not the workers: an API-only node takes imports and runs no workers.
  const unregister = await registerSegmentImportHook(ctx);
  app.addHook('onClose', async () => unregister());
  await app.register(winbackRoutes, ctx);
  await app.register(segmentRoutes, ctx);
  await app.register(winbackProcessRoutes, ctx);
  await app.register(winbackReportRoutes, ctx);
};

/**
 * Win-back (W1–W8): purchase metrics and the churn model; segments over them, whose entries
 * start a bound process; the win-back process (reasons, call survey, causes fixed first,
 * offer, came back).
 */
export const winbackModule: RuntimeModule = {
  name: 'winback',
  routes,
  async startWorkers(ctx) {
    await installWinbackTemplates(ctx.db);
    registerWinbackActions(ctx);
    const stopMetrics = await startMetricsRecomputeWorker(ctx);
    const stopSegments = await startSegmentWorkers(ctx);
    const stopSweep = await startWinbackSweep(ctx);
    return async () => {
      await stopSweep();
      await stopSegments();
      await stopMetrics();
    };
  },
};

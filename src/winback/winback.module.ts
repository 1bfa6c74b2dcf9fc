import type { RuntimeModule } from '../platform/modules/module.ts';
import type { AppContext } from '../platform/http/context.ts';
import { startMetricsRecomputeWorker } from './metrics/recompute.job.ts';
import { registerSegmentImportHook, startSegmentWorkers } from './segments/segments.job.ts';
import { segmentRoutes } from './segments/segments.routes.ts';
import { winbackRoutes } from './winback.routes.ts';

async function startWinbackWorkers(ctx: AppContext): Promise<() => Promise<void>> {
  const stopMetrics = await startMetricsRecomputeWorker(ctx);
  const stopSegments = await startSegmentWorkers(ctx);
  return async () => {
    await stopSegments();
    await stopMetrics();
  };
}

/** Win-back (W1–W8): purchase metrics and the churn model; segments over them, whose entries start a bound process. */
export const winbackModule: RuntimeModule = {
  name: 'winback',
  routes: async (app, ctx) => {
    const unregister = await registerSegmentImportHook(ctx);
    app.addHook('onClose', async () => unregister());
    await app.register(winbackRoutes, ctx);
    await app.register(segmentRoutes, ctx);
  },
  startWorkers: startWinbackWorkers,
};

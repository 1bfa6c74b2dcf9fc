import type { RuntimeModule } from '../platform/modules/module.ts';
import { startMetricsRecomputeWorker } from './metrics/recompute.job.ts';
import { winbackRoutes } from './winback.routes.ts';

/** Win-back (W1–W8): purchase metrics and the churn model, so far; segments and the process build on them. */
export const winbackModule: RuntimeModule = {
  name: 'winback',
  routes: winbackRoutes,
  startWorkers: startMetricsRecomputeWorker,
};

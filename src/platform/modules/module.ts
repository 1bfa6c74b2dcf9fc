import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../http/context.ts';

/**
 * A domain module as the platform runs it: HTTP routes, and background workers
 * (pg-boss handlers, timers) started in every process that works jobs. In the embedded
 * mode the API and the workers share one process.
 */
export interface RuntimeModule {
  name: string;
  routes?: FastifyPluginAsync<AppContext>;
  /** Starts the module's workers; returns a function that stops them. */
  startWorkers?(ctx: AppContext): Promise<() => Promise<void>>;
}

export async function startModuleWorkers(modules: readonly RuntimeModule[], ctx: AppContext): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const module of modules) {
    if (module.startWorkers) stops.push(await module.startWorkers(ctx));
  }
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

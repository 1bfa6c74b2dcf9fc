import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../http/context.ts';
import { metrics, renderGauge, type GaugeSample } from './registry.ts';

/** Counts HTTP latency per route pattern (never the raw address: it may carry a signed token). */
export function countHttpLatency(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ route, method: request.method, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });
}

/**
 * What the database knows, read at scrape time: queue depths, the outbox's backlog and the
 * age of its oldest message, open incidents and tasks past their SLA. These are the same for
 * every node; Prometheus should take max() over instances, not sum().
 */
export async function databaseGauges(ctx: AppContext): Promise<GaugeSample[]> {
  const now = ctx.clock.now();
  const queues = await ctx.db.query<{ name: string; state: string; n: number }>(
    `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const [outbox] = await ctx.db.query<{ backlog: number; oldest: Date | null; dead: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS backlog,
            min(created_at) FILTER (WHERE status IN ('queued', 'sending')) AS oldest,
            count(*) FILTER (WHERE status = 'failed')::int AS dead
       FROM comms_messages`,
  );
  const incidents = await ctx.db.query<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM engine_incidents WHERE status = 'open' GROUP BY 1 ORDER BY 1`);
  const [breaches] = await ctx.db.query<{ tasks: number; cases: number }>(
    `SELECT (SELECT count(*) FROM engine_tasks WHERE status = 'open' AND due_at < $1)::int AS tasks,
            (SELECT count(*) FROM cases WHERE status = 'open' AND resolution_due_at < $1)::int AS cases`,
    [now],
  );
  return [
    { name: 'rebound_queue_jobs', help: 'Background jobs waiting or running, by queue and state', samples: queues.map((q) => ({ labels: { queue: q.name, state: q.state }, value: q.n })) },
    { name: 'rebound_outbox_backlog', help: 'Messages queued or being sent', samples: [{ value: outbox?.backlog ?? 0 }] },
    { name: 'rebound_outbox_oldest_age_seconds', help: 'Age of the oldest message not yet sent (0 when none)', samples: [{ value: outbox?.oldest ? Math.max(0, (now.getTime() - new Date(outbox.oldest).getTime()) / 1000) : 0 }] },
    { name: 'rebound_outbox_dead_letters', help: 'Messages that failed for good and wait for a person', samples: [{ value: outbox?.dead ?? 0 }] },
    { name: 'rebound_engine_open_incidents', help: 'Open process incidents by kind', samples: incidents.map((i) => ({ labels: { kind: i.kind }, value: i.n })) },
    { name: 'rebound_sla_breaches', help: 'Open tasks and cases past their due time', samples: [{ labels: { of: 'tasks' }, value: breaches?.tasks ?? 0 }, { labels: { of: 'cases' }, value: breaches?.cases ?? 0 }] },
  ];
}

export async function renderMetrics(ctx: AppContext): Promise<string> {
  const lines = [
    ...metrics.httpDuration.render(),
    ...metrics.engineSteps.render(),
    ...metrics.jobsDone.render(),
    ...(await databaseGauges(ctx)).flatMap(renderGauge),
    '# HELP rebound_process_resident_memory_bytes Resident memory of this process',
    '# TYPE rebound_process_resident_memory_bytes gauge',
    `rebound_process_resident_memory_bytes ${process.memoryUsage().rss}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `GET /metrics` in the Prometheus text format, for a scraper holding an API token with `system:metrics`. */
export const metricsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get(
    '/metrics',
    {
      config: { access: { permission: 'system:metrics' } },
      schema: { tags: ['operations'], summary: 'Prometheus metrics: HTTP latency, queue depths, outbox backlog and age, engine steps, incidents, SLA breaches' },
    },
    async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await renderMetrics(ctx)),
  );
};

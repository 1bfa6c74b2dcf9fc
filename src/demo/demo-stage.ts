import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { dueOutboxBacklog } from '../comms/index.ts';
import { fireDueTimers, listIncidents, openActionCalls, runDueActionCalls } from '../engine/index.ts';
import { createSession, endSession, SESSION_COOKIE } from '../platform/auth/sessions.ts';
import { ManualClock } from '../platform/clock/clock.ts';
import { buildApp } from '../platform/http/app.ts';
import type { AppContext } from '../platform/http/context.ts';
import { startModuleWorkers, type RuntimeModule } from '../platform/modules/module.ts';
import type { DemoLogin } from './demo-users.ts';

/**
 * Where the demo scenes are played: the whole product — API, process engine, outbox and the
 * embedded mailbox — on a clock of its own that starts in the past and is moved forward
 * step by step to today. Scenes act through the same routes the console and the public
 * pages call, as the demo staff, so every row they leave is one a process knows about.
 */
export interface DemoStage {
  ctx: AppContext;
  clock: ManualClock;
  /** Calls the API as one of the demo staff (by e-mail), or anonymously (a consumer on a public page). */
  api(as: string | null, request: InjectOptions): Promise<LightMyRequestResponse>;
  /** Like api, but a refusal stops the demo with the route's problem in the message. */
  ok<T = unknown>(as: string | null, request: InjectOptions): Promise<T>;
  /** Lets timers, service tasks and the outbox catch up with the clock. */
  settle(): Promise<void>;
  /**
   * Waits until `open` counts nothing left of what a background worker is doing (`what`, for
   * the message); stops the demo after SETTLE_TIMEOUT_MS, naming what stayed open.
   */
  until(what: string, open: () => Promise<number>): Promise<void>;
}

const SETTLE_TIMEOUT_MS = 60_000;

export async function openDemoStage(base: AppContext, modules: readonly RuntimeModule[], startAt: Date, people: readonly DemoLogin[]): Promise<DemoStage & { close(): Promise<void>; incidents(): Promise<string[]> }> {
  const clock = new ManualClock(startAt);
  const ctx: AppContext = { ...base, clock };
  const stopWorkers = await startModuleWorkers(modules, ctx);
  const app: FastifyInstance = await buildApp(ctx, { modules, logger: false });
  await app.ready();
  const byEmail = new Map(people.map((p) => [p.email, p]));

  const api = async (as: string | null, request: InjectOptions) => {
    // A person takes a moment for each thing they do: events get distinct, ordered times.
    clock.advance(2_000);
    let session: string | undefined;
    if (as) {
      const person = byEmail.get(as);
      if (!person) throw new Error(`demo: no demo user ${as}`);
      // A session at the scene's time (the login route would rate-limit a busy scene).
      session = (await createSession(ctx.db, clock, person.userId, 1)).id;
    }
    try {
      return await app.inject({ ...request, headers: { ...request.headers, ...(session ? { cookie: `${SESSION_COOKIE}=${session}` } : {}) } });
    } finally {
      if (session) await endSession(ctx.db, session);
    }
  };

  const until = async (what: string, open: () => Promise<number>) => {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const left = await open();
      if (left === 0) return;
      if (Date.now() > deadline) throw new Error(`demo: ${what} did not catch up within ${SETTLE_TIMEOUT_MS / 1000} s (${left} open)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const settle = () => until('processes or the outbox (calls or messages)', async () => {
    let moved = 0;
    do {
      moved = (await fireDueTimers(ctx)) + (await runDueActionCalls(ctx));
    } while (moved > 0);
    return (await openActionCalls(ctx.db, clock.now())) + (await dueOutboxBacklog(ctx.db, clock.now()));
  });

  return {
    ctx,
    clock,
    api,
    async ok<T>(as: string | null, request: InjectOptions) {
      const response = await api(as, request);
      if (response.statusCode >= 300) throw new Error(`demo: ${request.method} ${request.url} answered ${response.statusCode}: ${response.body}`);
      // A public page answers in HTML: the caller gets its text.
      return (String(response.headers['content-type'] ?? '').includes('json') ? response.json() : response.body) as T;
    },
    settle,
    until,
    async incidents() {
      const { items } = await listIncidents(ctx, { status: 'open', limit: 10, offset: 0 });
      return items.map((i) => `${i.businessKey ?? i.processId} ${i.activityId}: ${i.error}`);
    },
    async close() {
      await app.close();
      await stopWorkers();
    },
  };
}

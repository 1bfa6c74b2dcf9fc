import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request id follows the work a request causes: Fastify's request id (taken from a
 * well-formed `X-Request-Id` a proxy set, else a new UUID) is kept for the request's async
 * work, written into the jobs it enqueues, and restored while a worker runs those jobs, so
 * one id finds the request line and the job lines in a log store.
 */
const store = new AsyncLocalStorage<{ requestId: string }>();

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,64}$/;

/** A proxy's X-Request-Id when it is safe to log and echo; otherwise a fresh id. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED.test(header) ? header : randomUUID();
}

export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? store.run({ requestId }, work) : work();
}

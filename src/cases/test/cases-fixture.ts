import { startTestApp, type TestApp } from '../../../test/app.ts';

/**
 * The API on a database of its own, with an agent, a manager and a viewer signed in and the
 * clock on a known Monday morning in Moscow (09:00 MSK = 06:00Z), inside a normal week of
 * the production calendar.
 */
export interface CasesFixture {
  t: TestApp;
  agent: string;
  manager: string;
  viewer: string;
  agentId: number;
  managerId: number;
  /** POST/PATCH/GET helper returning status and parsed body. */
  // The body is any: tests read responses field by field and compare them to literals.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: unknown): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export const MONDAY_0900_MSK = '2025-10-20T06:00:00.000Z';

let fixtures = 0;

export async function startCasesFixture(env: Record<string, string> = {}): Promise<CasesFixture> {
  const t = await startTestApp(env);
  t.clock.set(MONDAY_0900_MSK);
  const n = ++fixtures;
  const agent = await t.login(['agent'], `agent${n}@example.com`);
  const manager = await t.login(['manager'], `manager${n}@example.com`);
  const viewer = await t.login(['viewer'], `viewer${n}@example.com`);
  const ids = await t.db.query<{ id: number; email: string }>('SELECT id, email FROM users WHERE email = ANY($1)', [[`agent${n}@example.com`, `manager${n}@example.com`]]);
  return {
    t,
    agent,
    manager,
    viewer,
    agentId: ids.find((u) => u.email.startsWith('agent'))!.id,
    managerId: ids.find((u) => u.email.startsWith('manager'))!.id,
    async call(method, url, cookie, payload) {
      const response = await t.app.inject({ method, url, headers: { cookie }, payload: payload as never });
      const isJson = String(response.headers['content-type'] ?? '').includes('json');
      return { status: response.statusCode, body: isJson ? response.json() : response.body, headers: response.headers };
    },
  };
}

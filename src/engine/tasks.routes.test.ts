import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';

// The task inbox of the console: "mine", "offered to my roles", and the orders it sorts by.
describe('GET /api/tasks for the inbox', () => {
  let t: TestApp;
  let agent: string;
  let manager: string;
  let admin: string;
  const ids: number[] = [];
  beforeAll(async () => {
    t = await startTestApp({ ENGINE_POLL_MS: '60000' });
    agent = await t.login(['agent'], 'inbox-agent@example.com');
    manager = await t.login(['manager'], 'inbox-manager@example.com');
    admin = await t.login(['admin'], 'inbox-admin@example.com');
    for (const key of ['inbox-1', 'inbox-2', 'inbox-3']) {
      const started = await t.app.inject({ method: 'POST', url: '/api/processes/review/instances', headers: { cookie: manager }, payload: { businessKey: key } });
      expect(started.statusCode, started.body).toBe(201);
      t.clock.advance(60_000);
      const tasks = await t.app.inject({ method: 'GET', url: `/api/tasks?instanceId=${started.json().instanceId}`, headers: { cookie: agent } });
      ids.push(tasks.json().items[0].id);
    }
  });
  afterAll(async () => t.close());

  const list = async (cookie: string, query: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/tasks?${query}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: number; assignee: string | null }[]; total: number };
  };

  it('splits my tasks from the ones offered to my roles', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/tasks/${ids[0]}/claim`, headers: { cookie: agent } })).statusCode).toBe(204);
    expect((await list(agent, 'mine=true')).items.map((task) => task.id)).toEqual([ids[0]]);
    const offered = await list(agent, 'offered=true');
    expect(offered.items.map((task) => task.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(offered.items.every((task) => task.assignee === null)).toBe(true);
    // An admin sees every task but is offered none: the review is for agents and managers.
    expect((await list(admin, '')).total).toBe(3);
    expect((await list(admin, 'offered=true')).total).toBe(0);
  });

  it('sorts on the server, newest first or oldest first, and refuses an unknown order', async () => {
    const newest = (await list(manager, 'sort=-created_at')).items.map((task) => task.id);
    const oldest = (await list(manager, 'sort=created_at')).items.map((task) => task.id);
    expect(newest).toEqual([...oldest].reverse());
    expect((await list(manager, 'sort=-priority&limit=1&offset=1')).items).toHaveLength(1);
    const wrong = await t.app.inject({ method: 'GET', url: '/api/tasks?sort=name', headers: { cookie: manager } });
    expect(wrong.statusCode).toBe(400);
  });
});

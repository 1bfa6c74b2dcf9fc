import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { seedDemoData } from './demo-seed.ts';

describe('GET /api/data/stats', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 60, orders: 400, now: t.clock.now() });
    cookie = await t.login(['viewer']);
  });
  afterAll(async () => t.close());

  it('counts the data hub and gives every one of the last 30 days, with zeros where nothing sold', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/data/stats', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    expect(stats.totals).toMatchObject({ customers: 60, orders: expect.any(Number) });
    expect(stats.totals.orders).toBeGreaterThan(0);
    expect(stats.ordersByDay).toHaveLength(30);
    const [latest] = await t.db.query<{ at: Date }>('SELECT max(ordered_at) AS at FROM orders');
    expect(stats.lastOrderAt).toBe(latest!.at.toISOString());
    expect(stats.to).toBe(t.clock.now().toISOString().slice(0, 10));
    expect(stats.ordersByDay.at(-1).day).toBe(stats.to);
    const [inRange] = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE ordered_at >= $1`, [`${stats.from}T00:00:00Z`]);
    const sum = stats.ordersByDay.reduce((total: number, day: { orders: number }) => total + day.orders, 0);
    expect(sum).toBe(Number(inRange!.n));
    for (const day of stats.ordersByDay) expect(day.online + day.store).toBe(day.orders);
    expect(stats.shipmentsByStatus.reduce((total: number, s: { shipments: number }) => total + s.shipments, 0)).toBe(stats.totals.shipments);
  });

  it('takes the number of days, within limits', async () => {
    const week = await t.app.inject({ method: 'GET', url: '/api/data/stats?days=7', headers: { cookie } });
    expect(week.json().ordersByDay).toHaveLength(7);
    const tooMany = await t.app.inject({ method: 'GET', url: '/api/data/stats?days=9999', headers: { cookie } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
  });

  it('needs data:read', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/data/stats' })).statusCode).toBe(401);
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: await t.login(['admin']) }, payload: { name: 'audit only', scopes: ['audit:read'] } });
    const token = created.json().token as string;
    const response = await t.app.inject({ method: 'GET', url: '/api/data/stats', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { loadOrders, onlineRetailInvoices } from './test/purchases.ts';

describe('win-back metrics API (issue 14, points 1–2)', () => {
  let t: TestApp;
  let designer: string;
  let viewer: string;
  let agent: string;
  const idOf = async (externalId: string) =>
    (await t.db.query<{ id: number }>('SELECT id FROM customers WHERE external_id = $1', [externalId]))[0]!.id;
  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const recompute = (cookie: string) => t.app.inject({ method: 'POST', url: '/api/winback/metrics/recompute', headers: { cookie } });

  beforeAll(async () => {
    t = await startTestApp();
    designer = await t.login(['designer']);
    viewer = await t.login(['viewer']);
    agent = await t.login(['agent']);
    // The corpus's own time: the day after its last invoice.
    t.clock.set('2011-12-10T00:00:00Z');
  });
  afterAll(async () => t.close());

  it('says the metrics were never computed rather than showing empty ones, and checks who asks', async () => {
    await loadOrders(t.db, [{ invoice: 'A-1', customer: 'EARLY', at: '2011-11-01T10:00:00Z', valueMinor: 1000 }]);
    const id = await idOf('EARLY');
    const response = await get(`/api/customers/${id}/metrics`, viewer);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ customer_id: id, state: 'not_computed', metrics: null, run: null });
    expect((await get(`/api/customers/${id}/metrics`)).statusCode).toBe(401);
    const missing = await get('/api/customers/999999/metrics', viewer);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await get('/api/customers/abc/metrics', viewer)).statusCode).toBe(400);
  });

  it('lets a designer recompute, not a viewer or an agent; on one customer the model says it cannot be fitted', async () => {
    for (const cookie of [viewer, agent]) {
      const refused = await recompute(cookie);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    const response = await recompute(designer);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().run).toMatchObject({
      as_of: '2011-12-10', customers: 1, model_status: 'refused', model_reason: 'too_few_customers', model_params: null,
      settings: { period_days: 365, abc_a_share: 0.8, abc_b_share: 0.95, quiet_cycles: 2, quiet_p_alive: 0.5, horizon_days: 90 },
    });
    const metrics = (await get(`/api/customers/${await idOf('EARLY')}/metrics`, viewer)).json();
    expect(metrics).toMatchObject({ state: 'computed', run: { model_status: 'refused' } });
    expect(metrics.run.model_detail).toContain('needs at least 100');
    expect(metrics.metrics).toMatchObject({ purchase_days: 1, p_alive: null, expected_purchases: null, expected_next_purchase_on: null, churn_risk: 'unknown', quiet_reason: 'one_time_no_shop_cycle' });
    const [audit] = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'customer_metrics'");
    expect(audit).toMatchObject({ action: 'recompute' });
  });

  it("shows a customer's RFM, ABC, P(alive), expected next purchase and churn risk once the shop has history", async () => {
    await loadOrders(t.db, onlineRetailInvoices().filter((o) => Number(o.customer) < 13500)); // 861 customers
    expect((await recompute(designer)).json().run).toMatchObject({ model_status: 'fitted', model_reason: null });
    // 12748 buys almost every week in the corpus; 12346 bought once, in January 2011.
    const regular = (await get(`/api/customers/${await idOf('12748')}/metrics`, viewer)).json();
    expect(regular.state).toBe('computed');
    expect(regular.metrics).toMatchObject({ currency: 'GBP', r_score: 5, f_score: 5, m_score: 5, abc_class: 'A', churn_risk: 'active', quiet: false });
    expect(regular.metrics.p_alive).toBeGreaterThan(0.9);
    expect(regular.metrics.expected_purchases).toBeGreaterThan(5);
    expect(regular.metrics.expected_next_purchase_on > '2011-12-10' && regular.metrics.expected_next_purchase_on < '2011-12-31').toBe(true);
    const once = (await get(`/api/customers/${await idOf('12346')}/metrics`, viewer)).json();
    expect(once.metrics).toMatchObject({ purchase_days: 1, typical_interval_days: null, p_alive: 1, quiet: true, churn_risk: 'quiet', quiet_reason: 'one_time_overdue' });
    // A customer who never bought: no row, and the answer says why.
    await t.db.query(`INSERT INTO customers (external_id, name) VALUES ('NEVER', 'Never Bought')`);
    expect((await get(`/api/customers/${await idOf('NEVER')}/metrics`, viewer)).json()).toMatchObject({ state: 'no_purchases', metrics: null });
    expect((await get('/api/winback/metrics/runs/latest', viewer)).json().run).toMatchObject({ model_status: 'fitted', customers: expect.any(Number) });
  });

  it('changes the settings only for a designer, refuses settings that do not fit together, and the next recompute uses them', async () => {
    const put = (cookie: string, payload: object) => t.app.inject({ method: 'PUT', url: '/api/winback/settings', headers: { cookie }, payload });
    expect((await put(viewer, { period_days: 90 })).statusCode).toBe(403);
    const crossed = await put(designer, { abc_a_share: 0.9, abc_b_share: 0.85 });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.headers['content-type']).toContain('application/problem+json');
    expect(crossed.json().errors).toEqual([{ field: 'body.abc_a_share', message: 'A ends at 0.9, B at 0.85: A must end first' }]);
    const outOfRange = await put(designer, { period_days: 3 });
    expect(outOfRange.statusCode).toBe(400);
    expect(JSON.stringify(outOfRange.json())).toContain('period_days');
    expect((await put(designer, { unknown: 1 })).statusCode).toBe(400);
    expect((await put(designer, {})).statusCode).toBe(400);

    const saved = await put(designer, { period_days: 90, abc_a_share: 0.7 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ period_days: 90, abc_a_share: 0.7, abc_b_share: 0.95, updated_at: '2011-12-10T00:00:00.000Z' });
    const run = (await recompute(designer)).json().run;
    expect(run.settings).toMatchObject({ period_days: 90, abc_a_share: 0.7 });
    // 12346's only purchase (January) is outside a 90-day period: no scores, no class.
    const once = (await get(`/api/customers/${await idOf('12346')}/metrics`, viewer)).json();
    expect(once.metrics).toMatchObject({ period_purchase_days: 0, r_score: null, abc_class: null });
  });
});

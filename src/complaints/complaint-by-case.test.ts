import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';

/** The case page finds its complaint by the case: GET /api/complaints/by-case/{caseId}. */
describe('the complaint of a case', () => {
  let t: TestApp;
  let agent: string;
  let viewer: string;
  let buyer: { customer_id: number; order: string; currency: string };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 20, orders: 60 });
    agent = await t.login(['agent']);
    viewer = await t.login(['viewer']);
    [buyer] = (await t.db.query<{ customer_id: number; order: string; currency: string }>(
      'SELECT o.customer_id, o.external_id AS order, o.currency FROM orders o WHERE o.customer_id IS NOT NULL ORDER BY o.id LIMIT 1',
    )) as [typeof buyer];
    expect(buyer, 'the demo has an order with a customer').toBeDefined();
  });
  afterAll(async () => t.close());

  it('answers with the same body as GET /api/complaints/{id}, with the currency of the order', async () => {
    const registered = await t.app.inject({
      method: 'POST', url: '/api/complaints', headers: { cookie: agent },
      payload: { channel: 'phone', category: 'delivery', essence: 'The parcel came two days late.', customer_id: Number(buyer.customer_id), order_number: buyer.order },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { id, case_id: caseId, reference } = registered.json();
    // The triage rules set the department in the process's service task, after the 201: let it
    // finish first, or the two reads below may straddle it (seen on PostgreSQL in CI).
    await settleActions(t);
    const byCase = await t.app.inject({ method: 'GET', url: `/api/complaints/by-case/${caseId}`, headers: { cookie: viewer } });
    expect(byCase.statusCode, byCase.body).toBe(200);
    const byId = await t.app.inject({ method: 'GET', url: `/api/complaints/${id}`, headers: { cookie: viewer } });
    expect(byCase.json()).toEqual(byId.json());
    expect(byCase.json()).toMatchObject({ id, case_id: caseId, reference, channel: 'phone', category: 'delivery', order_currency: buyer.currency, goodwill: [], department: 'logistics' });
    expect(byCase.json().restless).toMatchObject({ customer_id: Number(buyer.customer_id), decision: null, history: [] });
  });

  it('is 404 for a case without a complaint and for no case at all, 401 without a session', async () => {
    const plain = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: agent }, payload: { type: 'complaint', title: 'Opened by hand, no complaint row' } });
    expect(plain.statusCode, plain.body).toBe(201);
    const none = await t.app.inject({ method: 'GET', url: `/api/complaints/by-case/${plain.json().id}`, headers: { cookie: viewer } });
    expect(none.statusCode).toBe(404);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'GET', url: '/api/complaints/by-case/999999', headers: { cookie: viewer } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/complaints/by-case/abc', headers: { cookie: viewer } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/complaints/by-case/1' })).statusCode).toBe(401);
  });
});

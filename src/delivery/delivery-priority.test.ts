import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { addShipment } from './test/shipments.ts';

describe('priority handling of delayed orders (issue 15.6)', () => {
  let t: TestApp;
  let manager: string;
  const sweep = async () => (await t.app.inject({ method: 'POST', url: '/api/delivery/sweep', headers: { cookie: manager } })).json();
  const complain = async (order: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: manager }, payload: { channel: 'phone', category: 'delivery', essence: 'Where is my parcel?', order_number: order } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const orderOf = async (shipment: string) => (await t.db.query<{ external_id: string }>('SELECT o.external_id FROM orders o JOIN shipments s ON s.order_id = o.id WHERE s.external_id = $1', [shipment]))[0]!.external_id;

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
    await addShipment(t.db, { external: 'LATE', carrier: 'PostNord', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-16', country: 'SE' });
    await addShipment(t.db, { external: 'ON-TIME', carrier: 'PostNord', shippedAt: '2026-11-17T09:00:00Z', promisedOn: '2026-11-20', country: 'SE' });
    await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-17T12:00:00Z', last_scan_at = '2026-11-17T12:00:00Z'`);
  });
  afterAll(async () => t.close());

  it('a complaint about a delayed order lands in the priority queue with a first-response deadline; one about an order on time does not', async () => {
    const late = await complain(await orderOf('LATE'));
    await complain(await orderOf('ON-TIME'));
    const result = await sweep();
    expect(result.priority_cases).toBe(1);
    const queue = (await t.app.inject({ method: 'GET', url: '/api/delivery/priority-queue', headers: { cookie: manager } })).json();
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ type: 'complaint', priority: 'high', order: await orderOf('LATE'), days_late: 2, cause_tag: 'past_promise', first_response_breached: false });
    const due = new Date(queue[0].first_response_due_at).getTime() - t.clock.now().getTime();
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThanOrEqual(24 * 3600_000);
    expect(JSON.stringify(late)).toContain(String(queue[0].case_id));
    // Flagged once: the next sweep leaves it alone.
    expect((await sweep()).priority_cases).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { detectDelays } from './detection/detect-delays.ts';
import { addShipment } from './test/shipments.ts';

describe('delivery dashboard (issue 15.8): figures per carrier, region and day against their targets, CSV export', () => {
  let t: TestApp;
  let agent: string;
  let manager: string;
  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    t = await startTestApp(); // the clock: Wednesday 18 November 2026, 11:00 UTC
    agent = await t.login(['agent']);
    manager = await t.login(['manager']);
    // On time; late and still on its way (two Swedish working days past the promise); on time and then returned by the customer.
    await addShipment(t.db, { external: 'ON-TIME', carrier: 'PostNord', shippedAt: '2026-11-10T09:00:00Z', promisedOn: '2026-11-12', country: 'SE', customer: 'ANNA' });
    await addShipment(t.db, { external: 'LATE', carrier: 'PostNord', shippedAt: '2026-11-11T09:00:00Z', promisedOn: '2026-11-16', country: 'SE' });
    await addShipment(t.db, { external: 'RETURNED', carrier: 'DHL', shippedAt: '2026-11-13T09:00:00Z', promisedOn: '2026-11-17', country: 'DE', customer: 'BEN' });
    await t.db.query(`UPDATE shipments SET delivered_at = '2026-11-12T14:00:00Z', status = 'delivered', delivery_status = 'delivered' WHERE external_id = 'ON-TIME'`);
    await t.db.query(`UPDATE shipments SET delivered_at = '2026-11-17T12:00:00Z', status = 'delivered', delivery_status = 'delivered' WHERE external_id = 'RETURNED'`);
    await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-11T12:00:00Z', last_scan_at = '2026-11-17T12:00:00Z' WHERE external_id = 'LATE'`);
    await t.db.query(`INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency, kind) SELECT 'RET-1', id, 'online', '2026-11-18T09:00:00Z', 'EUR', 'return' FROM customers WHERE external_id = 'BEN'`);
    await detectDelays(t.db, t.clock.now());
  });
  afterAll(async () => t.close());

  it('counts on-time rate, average delay, open delayed orders and returns per carrier; CSAT says "no answers yet" until a post-delivery survey is answered', async () => {
    const response = await get('/api/delivery/dashboard?from=2026-11-01&to=2026-11-18&by=carrier', agent);
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json();
    expect(dashboard.total).toMatchObject({
      shipments_due: 3, on_time: 2, late: 1, average_delay_days: 2, open_delayed_orders: 1, delivered: 2, returned: 1, return_rate: 0.5,
      csat: null, csat_note: 'no answers yet', met: { on_time_rate: false, csat: null },
    });
    expect(dashboard.total.on_time_rate).toBeCloseTo(2 / 3);
    expect(dashboard.targets).toMatchObject({ on_time_rate: { min: 0.95 }, csat: { min: 0.85 }, first_response_hours: { max: 24 }, complaints_change: { max: -0.7 } });
    expect(dashboard.rows.map((r: { key: string }) => r.key)).toEqual(['PostNord', 'DHL']);
    expect(dashboard.rows[0]).toMatchObject({ shipments_due: 2, on_time: 1, on_time_rate: 0.5, open_delayed_orders: 1, average_delay_days: 2 });
    expect(dashboard.rows[1]).toMatchObject({ shipments_due: 1, on_time: 1, on_time_rate: 1, returned: 1, open_delayed_orders: 0 });

    // The shipped post-delivery survey answered about the on-time shipment, satisfied, under the case id
    // the delivered apology gives its invitation (deliverySurveyCase).
    await t.db.query(
      `WITH c AS (SELECT id FROM customers WHERE external_id = 'ANNA'),
       i AS (INSERT INTO survey_invitations (survey_key, customer_id, case_id, created_at, expires_at) SELECT 'delivery-csat', c.id, 'delivery:shipment:' || s.id, '2026-11-12T15:00:00Z', '2026-12-12T15:00:00Z' FROM c, shipments s WHERE s.external_id = 'ON-TIME' RETURNING id, customer_id, case_id)
       INSERT INTO survey_responses (invitation_id, survey_key, customer_id, case_id, language, answers, csat, complete, submitted_at, updated_at)
       SELECT id, 'delivery-csat', customer_id, case_id, 'en', '{"csat": 5}', 5, true, '2026-11-13T08:00:00Z', '2026-11-13T08:00:00Z' FROM i`);
    const after = (await get('/api/delivery/dashboard?from=2026-11-01&to=2026-11-18&by=carrier', agent)).json();
    expect(after.total).toMatchObject({ csat_answers: 1, csat: 1, csat_note: null, met: { csat: true } });
    expect(after.rows[0]).toMatchObject({ key: 'PostNord', csat_answers: 1, csat: 1 });
  });

  it('groups by region and by day', async () => {
    const byRegion = (await get('/api/delivery/dashboard?from=2026-11-01&to=2026-11-18&by=region', agent)).json();
    expect(byRegion.rows.map((r: { key: string; shipments_due: number }) => [r.key, r.shipments_due])).toEqual([['SE', 2], ['DE', 1]]);
    const byDay = (await get('/api/delivery/dashboard?from=2026-11-12&to=2026-11-18&by=day', agent)).json();
    const day = (key: string) => byDay.rows.find((r: { key: string }) => r.key === key);
    expect(day('2026-11-12')).toMatchObject({ shipments_due: 1, on_time: 1, delivered: 1 });
    expect(day('2026-11-16')).toMatchObject({ shipments_due: 1, on_time: 0, late: 1 });
    expect(day('2026-11-18')).toMatchObject({ open_delayed_orders: 1 });
  });

  it('exports CSV only with exports:csv, and audits it; bad dates get problem+json naming the field', async () => {
    expect((await get('/api/delivery/dashboard?by=carrier&format=csv', agent)).statusCode).toBe(403);
    const csv = await get('/api/delivery/dashboard?from=2026-11-01&to=2026-11-18&by=carrier&format=csv', manager);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^key,shipments_due,on_time,on_time_rate,late,average_delay_days,open_delayed_orders/);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['key', 'PostNord', 'DHL', 'total']);
    const [audit] = await t.db.query<{ details: { rows: number } }>(`SELECT details FROM audit_log WHERE action = 'export_csv' AND entity = 'delivery_dashboard'`);
    expect(audit?.details.rows).toBe(3);
    const bad = await get('/api/delivery/dashboard?from=2026-11-20&to=2026-11-18', agent);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toContain('querystring.from');
  });
});

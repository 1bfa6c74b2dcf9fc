import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { addShipment } from './test/shipments.ts';

describe('the per-order tracker, opened by the signed link in the delay notice (issue 15.5)', () => {
  let t: TestApp;
  let link: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.db.query(`INSERT INTO customers (external_id, name, email, language, country) VALUES ('OLGA', 'Olga', 'olga@example.com', 'uk', 'SE')`);
    const shipment = await addShipment(t.db, { external: 'OLGA-1', customer: 'OLGA', carrier: 'PostNord', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-16', estimatedOn: '2026-11-22', country: 'SE' });
    await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-13T08:00:00Z', last_scan_at = '2026-11-13T08:00:00Z' WHERE id = $1`, [shipment]);
    await t.db.query(
      `INSERT INTO delivery_events (shipment_id, source, source_kind, occurred_at, status, carrier_status, location, message, dedup_key, received_at)
       VALUES ($1, 'import', 'import', '2026-11-13T08:00:00Z', 'in_transit', 'IN_TRANSIT', 'Malmö terminal', 'Sorted', 'k1', '2026-11-13T08:01:00Z')`, [shipment]);
    const manager = await t.login(['manager']);
    const swept = await t.app.inject({ method: 'POST', url: '/api/delivery/sweep', headers: { cookie: manager } });
    expect(swept.statusCode, swept.body).toBe(200);
    const [notice] = await t.db.query<{ variables: { tracker_url: string } }>(`SELECT variables FROM comms_messages WHERE template_key = 'delivery.delay_notice'`);
    const url = new URL(notice!.variables.tracker_url);
    link = url.pathname + url.search;
  });
  afterAll(async () => t.close());

  it('shows the customer their order, status, estimate and carrier events in their language', async () => {
    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<html lang="uk">');
    expect(page.body).toMatch(/Ваше замовлення O-OLGA-1/);
    expect(page.body).toContain('у дорозі');
    expect(page.body).toContain('Malmö terminal');
    expect(page.body).toContain('22 листопада 2026');
    const sv = await t.app.inject({ method: 'GET', url: `${link}&lang=sv` });
    expect(sv.body).toContain('Ny beräknad leverans');
    for (const lang of ['en', 'ru']) expect((await t.app.inject({ method: 'GET', url: `${link}&lang=${lang}` })).statusCode).toBe(200);
  });

  it('reveals nothing without the signed link: tampered, of another purpose, or expired', async () => {
    const token = new URLSearchParams(link.split('?')[1]).get('t')!;
    const tampered = await t.app.inject({ method: 'GET', url: `/track?t=${token.slice(0, -2)}xx` });
    expect(tampered.statusCode).toBe(404);
    expect(tampered.body).not.toContain('OLGA');
    const forged = Buffer.from(JSON.stringify({ purpose: 'delivery-tracker', subject: '1', exp: 9_999_999_999 })).toString('base64url');
    expect((await t.app.inject({ method: 'GET', url: `/track?t=${forged}.abcdefghijk` })).statusCode).toBe(404);
    t.clock.advance(61 * 24 * 3600_000);
    const expired = await t.app.inject({ method: 'GET', url: link });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).not.toContain('O-OLGA-1');
  });
});

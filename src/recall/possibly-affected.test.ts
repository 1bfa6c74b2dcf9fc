import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';

/**
 * Issue 16.1 (R3): a customer who bought the recalled product on a line where the till
 * recorded no lot is possibly affected. They are counted apart in the preview, the dashboard
 * and the regulator report, and the manager can ask them — apart, once — to check the lot on
 * their pack; they are never sent the certain notice or its offer.
 */
describe('possibly affected consumers', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string };
  /** Customers who bought the product without a lot, and not the recalled lot: the possibly affected, counted independently. */
  let possibly: number[];

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.manager@example.com');
    // The product with the most buyers whose till recorded no lot, and its best-selling lot.
    [target] = (await t.db.query<{ gtin: string; lot_code: string }>(
      `WITH lotless AS (SELECT ol.product_id, count(DISTINCT o.customer_id) AS n FROM order_lines ol JOIN orders o ON o.id = ol.order_id
                        WHERE ol.lot_id IS NULL AND ol.serial IS NULL AND o.customer_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1)
       SELECT p.gtin, l.lot_code FROM lotless x JOIN products p ON p.id = x.product_id JOIN lots l ON l.product_id = p.id JOIN order_lines ol ON ol.lot_id = l.id
       GROUP BY p.gtin, l.lot_code ORDER BY count(*) DESC, 2 LIMIT 1`)) as [typeof target];
    possibly = (await t.db.query<{ customer_id: number }>(
      `SELECT DISTINCT o.customer_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN products p ON p.id = ol.product_id
       WHERE p.gtin = $1 AND ol.lot_id IS NULL AND ol.serial IS NULL AND o.customer_id IS NOT NULL
       EXCEPT SELECT o.customer_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id
       JOIN products p ON p.id = l.product_id WHERE p.gtin = $1 AND l.lot_code = $2 ORDER BY 1`, [target.gtin, target.lot_code])).map((r) => Number(r.customer_id));
    expect(possibly.length, 'the demo has buyers of the product without a recorded lot').toBeGreaterThan(0);
    const created = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: { title: 'Lot recall', classification: 'I', reason: 'Listeria in a retained sample', instructions: { en: 'Do not eat it.' }, scope: [{ gtin: target.gtin, lots: [target.lot_code] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    recall = created.json();
  });
  afterAll(async () => t.close());

  it('counts them in the impact preview beside the certainly affected, with how each can be reached', async () => {
    const preview = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/impact`, headers: { cookie } })).json();
    expect(preview.possibly_affected.consumers).toBe(possibly.length);
    const { email, sms, unreachable } = preview.possibly_affected.reach;
    expect(email + sms + unreachable).toBe(possibly.length);
    expect(preview.totals.identified_consumers).toBeGreaterThan(0);
  });

  it('refuses to ask them before the recall is active', async () => {
    const early = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/possibly-affected/notices`, headers: { cookie } });
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
  });

  it('sends the certain notice and offers only to the certainly affected', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } })).statusCode).toBe(200);
    await settleActions(t);
    const told = await t.db.query<{ customer_id: number }>(
      `SELECT customer_id FROM comms_messages WHERE campaign = $1 AND customer_id = ANY($2)`, [`recall:${recall.reference}`, possibly]);
    expect(told).toEqual([]);
    const offered = await t.db.query('SELECT 1 FROM recall_offers WHERE recall_id = $1 AND customer_id = ANY($2)', [recall.id, possibly]);
    expect(offered).toEqual([]);
  });

  it('asks them once, apart, to check the lot on their pack, with the lot-check link and no offer', async () => {
    const preview = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/impact`, headers: { cookie } })).json();
    const send = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/possibly-affected/notices`, headers: { cookie } });
    expect(send.statusCode, send.body).toBe(200);
    const reachable = preview.possibly_affected.reach.email + preview.possibly_affected.reach.sms;
    expect(send.json()).toEqual({ consumers: possibly.length, queued: reachable, suppressed: 0, duplicate: 0, unreachable: preview.possibly_affected.reach.unreachable });
    const messages = await t.db.query<{ customer_id: number; reason: string; template_key: string; variables: Record<string, string> }>(
      `SELECT customer_id, reason, template_key, variables FROM comms_messages WHERE campaign = $1 ORDER BY customer_id`, [`recall:${recall.reference}:check-lot`]);
    expect(messages).toHaveLength(reachable);
    for (const m of messages) {
      expect(possibly).toContain(Number(m.customer_id));
      expect(m).toMatchObject({ reason: 'recall.check_lot', template_key: 'recall.check_lot_notice' });
      expect(m.variables.check_url).toMatch(new RegExp(`/p/check\\?gtin=${target.gtin}&recall=${recall.reference}&lang=(en|ru|uk|sv)$`));
      expect(m.variables).not.toHaveProperty('offer');
    }
    const again = (await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/possibly-affected/notices`, headers: { cookie } })).json();
    expect(again).toMatchObject({ queued: 0, duplicate: reachable });
  });

  it('shows them apart on the dashboard and in the regulator report', async () => {
    const dashboard = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/dashboard`, headers: { cookie } })).json();
    expect(dashboard.possibly_affected.consumers).toBe(possibly.length);
    type Stats = { queued: number; sent: number; failed: number };
    const stats = dashboard.possibly_affected.messages as Stats[];
    // Written to: waiting or sent; an SMS fails here (no gateway), and is counted as failed, not as told.
    const written = stats.reduce((n, c) => n + Number(c.queued) + Number(c.sent), 0);
    const failed = stats.reduce((n, c) => n + Number(c.failed), 0);
    expect(written + failed).toBe(dashboard.possibly_affected.reach.email + dashboard.possibly_affected.reach.sms);
    const report = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/regulator-report`, headers: { cookie } })).json();
    expect(report.records[0].consumers_possibly_affected).toMatch(new RegExp(`^${possibly.length} identified consumers? and .* asked to check the lot on their pack: ${written} consumers?$`));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';

interface Preview {
  reach: { email: number; sms: number; unreachable: number; safety_notice: number; unreachable_by_reason: Record<string, number> };
  partners: { partner: string; reached: boolean; reason: string | null; locations: number }[];
  staff: { role: string; users: number; reached: boolean; reason: string | null }[];
  totals: { produced: number | null; sold: number; in_stock: number; unknown: number | null; received: number; without_receipt: number; shipped: number };
  locations: { external_id: string; received: number; shipped: number; sold: number; in_stock: number | null; without_receipt: number }[];
}

interface Notices {
  partners: { partner: string; status: string; reason: string | null; reachable_now: boolean }[];
  staff: { role: string; status: string; reason: string | null; users_now: number; reachable_now: boolean }[];
  unreached: number;
  resendable: number;
}

/**
 * Issue 11, "nobody the process was meant to reach is dropped silently" and "the preview
 * tells the truth": a class I recall over consumers with every kind of consent, a chain
 * without a contact and a staff role nobody holds.
 */
describe('a recall reaches whom its preview says, and shows whom it did not', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string; lot_id: number; product_id: number };
  const expected = { email: 0, sms: 0, safety: 0, opted_out: 0, no_address: 0 };
  const preview = async () => (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/impact`, headers: { cookie } })).json() as Preview;
  const notices = async () => (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/dashboard`, headers: { cookie } })).json().notices as Notices;
  const resend = () => t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/resend-notices`, headers: { cookie } });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 300, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.manager@example.com');
    // Nobody holds the agent role: the alert step's second group reaches no one.
    await t.db.query(`UPDATE users SET disabled_at = $1 WHERE 'agent' = ANY (roles)`, [t.clock.now()]);
    // The store lot bought by the most identified consumers: a recall with people to reach and a chain to tell.
    [target] = (await t.db.query<{ gtin: string; lot_code: string; lot_id: number; product_id: number }>(
      `SELECT p.gtin, l.lot_code, l.id AS lot_id, p.id AS product_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE o.customer_id IS NOT NULL AND o.location_id IS NOT NULL GROUP BY p.gtin, l.lot_code, l.id, p.id ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`,
    )) as [typeof target];
    // Every kind of consumer, in turn: e-mail consent; never asked (a class I notice e-mails them anyway);
    // e-mail opted out with SMS consent; e-mail opted out and SMS never asked; opted out of both; no address at all.
    const customers = (await t.db.query<{ customer_id: number }>(
      `SELECT DISTINCT o.customer_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE ol.lot_id = $1 AND o.customer_id IS NOT NULL ORDER BY 1`, [target.lot_id])).map((c) => c.customer_id);
    expect(customers.length).toBeGreaterThanOrEqual(6);
    const now = t.clock.now();
    const consent = (id: number, channel: string, granted: boolean) =>
      t.db.query(`INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source) VALUES ($1, $2, $3, $4, 'test')`, [id, channel, granted, now]);
    for (const [i, id] of customers.entries()) {
      await t.db.query('DELETE FROM customer_consents WHERE customer_id = $1', [id]);
      await t.db.query('UPDATE customers SET email = $2, phone = $3 WHERE id = $1', [id, `c${id}@example.org`, `+4670000${String(id).padStart(4, '0')}`]);
      switch (i % 6) {
        case 0: await consent(id, 'email', true); expected.email++; break;
        case 1: expected.email++; expected.safety++; break;
        case 2: await consent(id, 'email', false); await consent(id, 'sms', true); expected.sms++; break;
        case 3: await consent(id, 'email', false); expected.sms++; expected.safety++; break;
        case 4: await consent(id, 'email', false); await consent(id, 'sms', false); expected.opted_out++; break;
        default: await t.db.query('UPDATE customers SET email = NULL, phone = NULL WHERE id = $1', [id]); expected.no_address++;
      }
    }
    recall = (await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: { title: 'Kefir lot recall', classification: 'I', reason: 'Listeria monocytogenes in a retained sample', scope: [{ gtin: target.gtin, lots: [target.lot_code] }] },
    })).json();
  }, 120_000);
  afterAll(async () => t.close());

  it('previews the e-mails and SMS of a class I notice, with the safety-notice rule and why the rest cannot be told', async () => {
    const { reach } = await preview();
    expect(reach).toEqual({
      email: expected.email, sms: expected.sms, unreachable: expected.opted_out + expected.no_address, safety_notice: expected.safety,
      unreachable_by_reason: { opted_out: expected.opted_out, no_consent: 0, no_address: expected.no_address },
    });
  });

  it('names the chain without a contact and the staff role nobody holds before activation', async () => {
    const { partners, staff } = await preview();
    expect(partners.length).toBeGreaterThan(0);
    expect(partners.every((p) => !p.reached && p.reason === 'no_contact')).toBe(true);
    expect(staff).toEqual([
      { role: 'manager', users: expect.any(Number), reached: true, reason: null },
      { role: 'agent', users: 0, reached: false, reason: 'no_users' },
    ]);
  });

  it('accounts for every produced unit: sold, in stock where receipts say so, and the rest as unknown', async () => {
    // One store's receipt is on record (EPCIS), 5 more than it sold; the others have sales only.
    const [store] = await t.db.query<{ location_id: number; sold: number }>(
      `SELECT o.location_id, sum(ol.quantity)::int AS sold FROM order_lines ol JOIN orders o ON o.id = ol.order_id
       WHERE ol.lot_id = $1 AND o.location_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`, [target.lot_id]);
    const [event] = await t.db.query<{ id: number }>(
      `INSERT INTO supply_events (event_id, event_type, action, biz_step, event_time, biz_location_id, document, raw)
       VALUES ('test:receipt:1', 'ObjectEvent', 'OBSERVE', 'receiving', $1, $2, 'test', '{}') RETURNING id`, [t.clock.now(), store!.location_id]);
    await t.db.query(`INSERT INTO lot_movements (supply_event_id, product_id, lot_id, quantity, role, location_id) VALUES ($1, $2, $3, $4, 'object', $5)`,
      [event!.id, target.product_id, target.lot_id, store!.sold + 5, store!.location_id]);

    const { totals, locations } = await preview();
    for (const l of locations) expect(l.received + l.without_receipt, l.external_id).toBe(l.shipped + l.sold + (l.in_stock ?? 0));
    const counted = locations.find((l) => l.received > 0)!;
    expect(counted).toMatchObject({ received: store!.sold + 5, sold: store!.sold, in_stock: 5, without_receipt: 0 });
    const unrecorded = locations.filter((l) => l.received === 0);
    expect(unrecorded.length).toBeGreaterThan(0);
    for (const l of unrecorded) expect(l).toMatchObject({ in_stock: null, without_receipt: l.sold }); // not "received 0, in stock 0"
    expect(totals.in_stock).toBe(5);
    expect(totals.produced).not.toBeNull();
    expect(totals.unknown).toBeGreaterThan(0);
    expect(totals.sold + totals.in_stock + totals.unknown!).toBe(totals.produced);
    expect(totals.without_receipt).toBe(unrecorded.reduce((n, l) => n + l.sold, 0));
  });

  it('queues exactly what the preview counted when activated', async () => {
    const before = await preview();
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } })).statusCode).toBe(200);
    await settleActions(t);
    const messages = await t.db.query<{ channel: string; status: string; safety: boolean; n: number }>(
      'SELECT channel, status, safety, count(*)::int AS n FROM comms_messages WHERE campaign = $1 GROUP BY 1, 2, 3', [`recall:${recall.reference}`]);
    expect(messages.filter((m) => m.status === 'suppressed')).toEqual([]);
    const sent = (channel: string) => messages.filter((m) => m.channel === channel).reduce((n, m) => n + m.n, 0);
    expect({ email: sent('email'), sms: sent('sms') }).toEqual({ email: before.reach.email, sms: before.reach.sms });
    const [call] = await t.db.query<{ output: { unreachable: number; consumers: number } }>(
      `SELECT c.output FROM engine_action_calls c JOIN engine_instances i ON i.id = c.instance_id WHERE i.business_key = $1 AND c.action = 'recall.notifyConsumers'`, [recall.reference]);
    expect(call!.output.unreachable).toBe(before.reach.unreachable);
  });

  it('shows the unreached chain and staff role on the dashboard, counted, not as success', async () => {
    const shown = await notices();
    expect(shown.partners.length).toBeGreaterThan(0);
    expect(shown.partners.every((p) => p.status === 'unreached' && p.reason === 'no_contact' && !p.reachable_now)).toBe(true);
    expect(shown.staff).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'manager', status: 'notified' }),
      expect.objectContaining({ role: 'agent', status: 'unreached', reason: 'no_users', users_now: 0, reachable_now: false }),
    ]));
    expect(shown.unreached).toBe(shown.partners.length + 1);
    expect(shown.resendable).toBe(0);
  });

  it('tells a chain once after its contact is set, and an agent once after someone is given the role', async () => {
    const [chain] = (await notices()).partners;
    const contact = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner: chain!.partner, contact_email: 'quality@chain.example', webhook_endpoint_id: null } });
    expect(contact.statusCode, contact.body).toBe(200);
    await t.login(['agent'], 'new.agent@example.com');
    const ready = await notices();
    expect(ready.partners.find((p) => p.partner === chain!.partner)).toMatchObject({ status: 'unreached', reachable_now: true });
    expect(ready.resendable).toBe(2);

    const first = await resend();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ partners: { notified: 1 }, staff: { tried: 1, alerted: 1, unreached: [] } });
    const second = await resend();
    expect(second.json()).toMatchObject({ partners: { notified: 0 }, staff: { tried: 0, alerted: 0 } });

    const partnerMail = await t.db.query<{ contact_address: string }>('SELECT contact_address FROM comms_messages WHERE campaign = $1', [`recall:${recall.reference}:partner:${chain!.partner}`]);
    expect(partnerMail.map((m) => m.contact_address)).toEqual(['quality@chain.example']);
    const agentMail = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM comms_messages WHERE campaign = $1 AND contact_address = $2', [`recall:${recall.reference}:staff`, 'new.agent@example.com']);
    expect(agentMail[0]!.n).toBe(1);
    const after = await notices();
    expect(after.partners.find((p) => p.partner === chain!.partner)).toMatchObject({ status: 'notified' });
    expect(after.staff.find((g) => g.role === 'agent')).toMatchObject({ status: 'notified' });
    expect(after.unreached).toBe(after.partners.length - 1);
  });

  it('refuses a resend for a draft, and a resend by someone who may only read', async () => {
    const draft = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: { title: 'Draft', classification: 'III', reason: 'draft only', scope: [{ gtin: target.gtin, all_lots: true }] } })).json();
    const refused = await t.app.inject({ method: 'POST', url: `/api/recalls/${draft.id}/resend-notices`, headers: { cookie } });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const viewer = await t.login(['viewer']);
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/resend-notices`, headers: { cookie: viewer } })).statusCode).toBe(403);
  });
});

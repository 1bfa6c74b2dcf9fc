import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { fireDueTimers } from '../../engine/index.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';

const HOUR_MS = 3_600_000;

interface PartnerRow {
  partner: string;
  status: string;
  stores: number;
  stores_confirmed: number;
  stores_none_on_hand: number;
  stores_pending: { external_id: string }[];
  units_delivered: number;
  units_removed: number;
  reminded_at: string | null;
  escalated_at: string | null;
  escalated_to: string | null;
}

describe('issue 16.4: stores confirm the removal; silent partners are reminded, then escalated to their account owner', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  let confirming: string;
  let silent: string;
  let ownerEmail: string;
  let stores: { partner: string; locations: { external_id: string; lots: { gtin: string; lot_code: string; received: number; sold: number }[] }[] }[];
  const linkOf = async (partner: string, external: string) => {
    const [mail] = await t.db.query<{ variables: { locations: string } }>(
      "SELECT variables FROM comms_messages WHERE campaign = $1 AND channel = 'email'", [`recall:${recall.reference}:partner:${partner}`]);
    const name = (await t.db.query<{ name: string }>('SELECT name FROM locations WHERE external_id = $1', [external]))[0]!.name;
    const line = mail!.variables.locations.split('\n').find((l) => l.includes(`confirm the removal at ${name}:`))!;
    return new URL(line.slice(line.indexOf('http'))).searchParams.get('token')!;
  };
  const confirmations = async () => (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/store-confirmations`, headers: { cookie } })).json() as { summary: { partners: Record<string, number>; units_removed: number; units_delivered: number }; partners: PartnerRow[] };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 300, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.confirm@example.com');
    const owner = await t.login(['agent'], 'account.owner@example.com');
    expect(owner).toBeTruthy();
    ownerEmail = 'account.owner@example.com';
    const [target] = await t.db.query<{ gtin: string }>(
      `SELECT p.gtin FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN locations loc ON loc.id = o.location_id
       JOIN products p ON p.id = ol.product_id WHERE loc.chain IS NOT NULL AND ol.lot_id IS NOT NULL GROUP BY p.gtin ORDER BY count(DISTINCT loc.chain) DESC, 1 LIMIT 1`);
    recall = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: { title: 'Glass fragments', classification: 'I', reason: 'Glass fragments', scope: [{ gtin: target!.gtin, all_lots: true }] } })).json();
    stores = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/partners`, headers: { cookie } })).json();
    const chains = stores.filter((p) => p.locations.some((l) => l.lots.some((lot) => lot.sold > 0))).sort((a, b) => a.locations.length - b.locations.length);
    expect(chains.length).toBeGreaterThan(1);
    confirming = chains[0]!.partner;
    silent = chains[1]!.partner;
    const [ownerRow] = await t.db.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [ownerEmail]);
    for (const [partner, email, owner_id] of [[confirming, 'ops@confirming.example', null], [silent, 'ops@silent.example', ownerRow!.id]] as const) {
      const put = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner, contact_email: email, webhook_endpoint_id: null, account_owner_id: owner_id } });
      expect(put.statusCode, put.body).toBe(200);
    }
    const badOwner = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner: silent, contact_email: null, webhook_endpoint_id: null, account_owner_id: 999_999 } });
    expect(badOwner.statusCode).toBe(422);
    expect(badOwner.json().errors[0].field).toBe('body.account_owner_id');
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } })).statusCode).toBe(200);
    await settleActions(t);
  });
  afterAll(async () => t.close());

  it('gives each store of a told partner its own signed link, which opens that store only and refuses a tampered one', async () => {
    const own = stores.find((p) => p.partner === confirming)!.locations[0]!;
    const token = await linkOf(confirming, own.external_id);
    const view = await t.app.inject({ method: 'GET', url: `/api/public/store-confirmations?token=${encodeURIComponent(token)}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ recall: { reference: recall.reference }, store: { external_id: own.external_id, partner: confirming }, confirmation: null });
    expect(view.json().lots.map((l: { lot_code: string }) => l.lot_code).sort()).toEqual(own.lots.map((l) => l.lot_code).sort());
    const [body] = token.split('.');
    const tampered = await t.app.inject({ method: 'GET', url: `/api/public/store-confirmations?token=${encodeURIComponent(`${body}x.${token.split('.')[1]}`)}` });
    expect(tampered.statusCode).toBe(403);
    expect(tampered.headers['content-type']).toContain('application/problem+json');
    // The same link cannot open a claim or a survey, nor anything without a token.
    expect((await t.app.inject({ method: 'GET', url: `/api/public/claims?token=${encodeURIComponent(token)}` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/store-confirmations' })).statusCode).toBe(400);
  });

  it('records units counted per lot through the link, and a recount replaces the count', async () => {
    const own = stores.find((p) => p.partner === confirming)!.locations[0]!;
    const token = encodeURIComponent(await linkOf(confirming, own.external_id));
    const lot = own.lots[0]!;
    const confirm = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/public/store-confirmations?token=${token}`, payload });
    const zero = await confirm({ outcome: 'removed', lots: [{ gtin: lot.gtin, lot: lot.lot_code, quantity: 0 }] });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors[0].field).toBe('body.lots');
    const foreign = await confirm({ outcome: 'removed', lots: [{ gtin: lot.gtin, lot: 'NOT-RECALLED', quantity: 2 }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('body.lots.0.lot');
    expect((await confirm({ outcome: 'removed', counted_by: 'Anna, shift lead', lots: [{ gtin: lot.gtin, lot: lot.lot_code, quantity: 5 }] })).json()).toMatchObject({ units_removed: 5, replaced: false });
    expect((await confirm({ outcome: 'removed', lots: [{ gtin: lot.gtin, lot: lot.lot_code, quantity: 4 }] })).json()).toMatchObject({ units_removed: 4, replaced: true });
    const row = (await confirmations()).partners.find((p) => p.partner === confirming)!;
    expect(row.units_removed).toBe(4);
    expect(row.stores_confirmed).toBe(1);
  });

  it('lets a partner confirm its other stores through the API: none on hand, never a store the recall does not concern', async () => {
    const token = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'chain integration', scopes: ['recalls:returns'] } })).json().token;
    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/store-confirmations`, headers: { authorization: `Bearer ${token}` }, payload });
    const [elsewhere] = await t.db.query<{ external_id: string }>(
      'SELECT external_id FROM locations WHERE NOT (external_id = ANY ($1::text[])) ORDER BY id LIMIT 1', [stores.flatMap((p) => p.locations.map((l) => l.external_id))]);
    const notConcerned = await post({ location: elsewhere!.external_id, outcome: 'none_on_hand' });
    expect(notConcerned.statusCode).toBe(422);
    expect(notConcerned.json().errors[0].field).toBe('body.location');
    const mixed = await post({ location: stores.find((p) => p.partner === confirming)!.locations[0]!.external_id, outcome: 'none_on_hand', lots: [{ gtin: stores[0]!.locations[0]!.lots[0]!.gtin, lot: stores.find((p) => p.partner === confirming)!.locations[0]!.lots[0]!.lot_code, quantity: 3 }] });
    expect(mixed.statusCode).toBe(400);
    for (const location of stores.find((p) => p.partner === confirming)!.locations.slice(1)) {
      const response = await post({ location: location.external_id, outcome: 'none_on_hand' });
      expect(response.statusCode, response.body).toBe(200);
    }
    const viewer = await t.login(['viewer'], 'viewer.confirm@example.com');
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/store-confirmations`, headers: { cookie: viewer }, payload: { location: elsewhere!.external_id, outcome: 'none_on_hand' } })).statusCode).toBe(403);
    const row = (await confirmations()).partners.find((p) => p.partner === confirming)!;
    expect(row).toMatchObject({ status: 'confirmed', stores_pending: [] });
    expect(row.stores_confirmed + row.stores_none_on_hand).toBe(row.stores);
  });

  it('a day later reminds only the partner with silent stores, with fresh links to those stores', async () => {
    t.clock.advance(24 * HOUR_MS + 1_000);
    expect(await fireDueTimers(t.ctx)).toBeGreaterThanOrEqual(1);
    await settleActions(t);
    cookie = await t.login(['manager']); // the session ran out while the clock moved
    const reminders = await t.db.query<{ campaign: string; contact_address: string; variables: { stores: string } }>(
      "SELECT campaign, contact_address, variables FROM comms_messages WHERE campaign LIKE $1 AND template_key = 'recall.partner_reminder'", [`recall:${recall.reference}:partner:%`]);
    expect(reminders.map((r) => r.contact_address)).toEqual(['ops@silent.example']);
    const silentStores = stores.find((p) => p.partner === silent)!.locations;
    expect(reminders[0]!.variables.stores.match(/store-confirm\?token=/g)).toHaveLength(silentStores.length);
    const rows = (await confirmations()).partners;
    expect(rows.find((p) => p.partner === silent)).toMatchObject({ status: 'pending', reminded_at: expect.any(String), escalated_at: null });
    expect(rows.find((p) => p.partner === confirming)!.reminded_at).toBeNull();
  });

  it('two days after, escalates the silent partner to its account owner, and partners without an owner to the managers, shown on the dashboard', async () => {
    t.clock.advance(24 * HOUR_MS);
    expect(await fireDueTimers(t.ctx)).toBeGreaterThanOrEqual(1);
    await settleActions(t);
    cookie = await t.login(['manager']);
    const [toOwner] = await t.db.query<{ contact_address: string; variables: { partner: string } }>(
      "SELECT contact_address, variables FROM comms_messages WHERE campaign = $1", [`recall:${recall.reference}:partner:${silent}:escalation`]);
    expect(toOwner).toMatchObject({ contact_address: ownerEmail, variables: { partner: silent } });
    const dashboard = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/dashboard`, headers: { cookie } })).json();
    const rows = dashboard.partner_confirmations.partners as PartnerRow[];
    expect(rows.find((p) => p.partner === silent)).toMatchObject({ status: 'escalated', escalated_to: ownerEmail });
    expect(rows.find((p) => p.partner === confirming)).toMatchObject({ status: 'confirmed', escalated_at: null });
    // Partners the recall could not reach (no contact) are escalated too — to the managers, as said.
    for (const other of rows.filter((p) => p.partner !== silent && p.partner !== confirming)) expect(other).toMatchObject({ status: 'escalated', escalated_to: 'role:manager' });
    expect(dashboard.partner_confirmations.summary.partners).toEqual({ confirmed: 1, pending: 0, escalated: rows.length - 1 });
    expect(dashboard.partner_confirmations.summary.units_removed).toBe(4);
    expect(dashboard.partner_confirmations.summary.units_delivered).toBe(rows.reduce((n, r) => n + r.units_delivered, 0));
    // The silent partner's store confirms late: the partner is confirmed, its escalation kept on record.
    for (const location of stores.find((p) => p.partner === silent)!.locations) {
      const token = encodeURIComponent(await linkOf(silent, location.external_id));
      expect((await t.app.inject({ method: 'POST', url: `/api/public/store-confirmations?token=${token}`, payload: { outcome: 'none_on_hand' } })).statusCode).toBe(200);
    }
    expect((await confirmations()).partners.find((p) => p.partner === silent)).toMatchObject({ status: 'confirmed', escalated_to: ownerEmail });
  });

  it('a store link expires after 30 days', async () => {
    const own = stores.find((p) => p.partner === confirming)!.locations[0]!;
    const token = encodeURIComponent(await linkOf(confirming, own.external_id));
    t.clock.advance(29 * 24 * HOUR_MS);
    const expired = await t.app.inject({ method: 'GET', url: `/api/public/store-confirmations?token=${token}` });
    expect(expired.statusCode).toBe(403);
    expect(expired.json().code ?? expired.json().type).toMatch(/expired/);
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { verifyWebhook } from '../../comms/index.ts';
import { eventually } from '../../comms/testing/fixtures.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('each retail chain is told about its own stores only, by a signed webhook', () => {
  let t: TestApp;
  let cookie: string;
  const deliveries: Delivery[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({ COMMS_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1' }); // the chains' receivers run on this machine
    await seedDemoData(t.db, systemActor, { customers: 300, orders: 3000 });
    cookie = await t.login(['manager']);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('refuses a partner pointing at an unknown endpoint, and a partner no location is called', async () => {
    const [chain] = await t.db.query<{ chain: string }>('SELECT chain FROM locations WHERE chain IS NOT NULL ORDER BY chain LIMIT 1');
    const response = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner: chain!.chain, contact_email: null, webhook_endpoint_id: 999 } });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors[0].field).toBe('body.webhook_endpoint_id');
    const typo = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner: 'Nowhere', contact_email: 'ops@nowhere.example', webhook_endpoint_id: null } });
    expect(typo.statusCode).toBe(422);
    expect(typo.json().errors[0].field).toBe('body.partner');
    const bad = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner: chain!.chain, contact_email: 'not an address', webhook_endpoint_id: null } });
    expect(bad.statusCode).toBe(400);
    const viewer = await t.login(['viewer'], 'viewer.partners@example.com');
    const forbidden = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie: viewer }, payload: { partner: chain!.chain, contact_email: 'ops@chain.example', webhook_endpoint_id: null } });
    expect(forbidden.statusCode).toBe(403);
    // Every chain is listed, the ones without a contact first, so the console can show whom a recall would miss.
    const listed = (await t.app.inject({ method: 'GET', url: '/api/recall-partners', headers: { cookie: viewer } })).json() as { partner: string; kind: string; contact_email: string | null }[];
    const chains = await t.db.query<{ chain: string }>('SELECT DISTINCT chain FROM locations WHERE chain IS NOT NULL');
    for (const c of chains) expect(listed.find((p) => p.partner === c.chain)).toMatchObject({ kind: 'chain', contact_email: null });
  });

  it("sends one chain one signed notice with its stores, lots and quantities, and nothing about others'", async () => {
    // The product sold through the most chains: a recall that concerns several partners.
    const [target] = await t.db.query<{ gtin: string; chains: number }>(
      `SELECT p.gtin, count(DISTINCT loc.chain)::int AS chains FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN locations loc ON loc.id = o.location_id
       JOIN products p ON p.id = ol.product_id WHERE loc.chain IS NOT NULL GROUP BY p.gtin ORDER BY 2 DESC, 1 LIMIT 1`);
    expect(target!.chains).toBeGreaterThan(1);
    const recall = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: { title: 'All lots', classification: 'II', reason: 'Mislabelled allergen', scope: [{ gtin: target!.gtin, all_lots: true }] } })).json();
    const told = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/partners`, headers: { cookie } })).json() as { partner: string; locations: { external_id: string; lots: { sold: number }[] }[] }[];
    const chains = told.filter((p) => p.locations.some((l) => l.lots.some((lot) => lot.sold > 0)));
    const chosen = chains[0]!;

    const endpoint = (await t.app.inject({ method: 'POST', url: '/api/comms/webhook-endpoints', headers: { cookie }, payload: { name: chosen.partner, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/recalls` } })).json();
    const partner = await t.app.inject({ method: 'PUT', url: '/api/recall-partners', headers: { cookie }, payload: { partner: chosen.partner, contact_email: 'quality@chain.example', webhook_endpoint_id: endpoint.id } });
    expect(partner.statusCode, partner.body).toBe(200);

    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } })).statusCode).toBe(200);
    await settleActions(t);
    const [call] = await t.db.query<{ output: { partners: number; notified: number; unreached: string[] } }>(
      `SELECT output FROM engine_action_calls WHERE action = 'recall.notifyPartners' AND status = 'done'`);
    expect(call!.output).toMatchObject({ notified: 1, emailed: 1, partners: told.length });
    // The partner's people get the same facts by e-mail, through the outbox, once.
    const [mail] = await t.db.query<{ contact_address: string; variables: { locations: string } }>(
      "SELECT contact_address, variables FROM comms_messages WHERE campaign = $1 AND channel = 'email'", [`recall:${recall.reference}:partner:${chosen.partner}`]);
    expect(mail!.contact_address).toBe('quality@chain.example');
    const names = (await t.db.query<{ name: string }>('SELECT name FROM locations WHERE external_id = ANY ($1)', [chosen.locations.map((l) => l.external_id)])).map((l) => l.name);
    for (const name of names) expect(mail!.variables.locations).toContain(name);
    const others = (await t.db.query<{ name: string }>('SELECT name FROM locations WHERE chain IS DISTINCT FROM $1 AND kind = $2', [chosen.partner, 'store'])).map((l) => l.name);
    for (const name of others) expect(mail!.variables.locations).not.toContain(`${name}:`);
    expect(call!.output.unreached).not.toContain(chosen.partner);

    await eventually(async () => deliveries.length >= 1);
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifyWebhook(endpoint.secret, String(delivery!.headers['x-rebound-timestamp']), String(delivery!.headers['x-rebound-signature']), delivery!.body, nowSeconds)).toBe(true);
    const notice = JSON.parse(delivery!.body);
    expect(notice.event).toBe('recall.partner_notice');
    expect(notice.data.recall).toMatchObject({ reference: recall.reference, classification: 'II' });
    expect(notice.data.partner).toBe(chosen.partner);
    // Exactly this chain's locations: every one of them, and no other chain's.
    const ownLocations = (await t.db.query<{ external_id: string }>('SELECT external_id FROM locations WHERE chain = $1', [chosen.partner])).map((l) => l.external_id);
    const sent = notice.data.locations.map((l: { external_id: string }) => l.external_id).sort();
    expect(sent).toEqual(chosen.locations.map((l) => l.external_id).sort());
    for (const id of sent) expect(ownLocations).toContain(id);
    const soldSent = notice.data.locations.flatMap((l: { lots: { sold: number }[] }) => l.lots).reduce((n: number, lot: { sold: number }) => n + lot.sold, 0);
    const [sold] = await t.db.query<{ n: number }>(
      `SELECT coalesce(sum(ol.quantity), 0)::int AS n FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN locations loc ON loc.id = o.location_id
       JOIN products p ON p.id = ol.product_id WHERE p.gtin = $1 AND loc.chain = $2 AND ol.lot_id IS NOT NULL`, [target!.gtin, chosen.partner]);
    expect(soldSent).toBe(sold!.n);
  });
});

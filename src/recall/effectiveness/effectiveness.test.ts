import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { drawSample, levelShare, sampleSize, seededRandom } from './effectiveness.ts';

interface Party { id: number; kind: 'consignee' | 'consumer'; label: string; location_id: number | null; status: string; received: boolean | null; acted: boolean | null; method: string | null; records: { evidence: string | null } }
interface Check { level: string; share_percent: number; seed: number; outcome: string; consignees: { population: number; sampled: number; verified: number; pending: number }; consumers: { population: number; sampled: number }; parties: Party[] }

describe('FDA effectiveness levels and sample sizes', () => {
  it('checks every consignee at A, the chosen share at B, 10 % at C, 2 % at D and none at E, at least one when anyone is there', () => {
    expect(['A', 'C', 'D', 'E'].map((l) => levelShare(l as 'A'))).toEqual([100, 10, 2, 0]);
    expect(levelShare('B', 25)).toBe(25);
    expect(() => levelShare('B')).toThrow(/level B/);
    expect(() => levelShare('B', 10)).toThrow(/level B/);
    expect([sampleSize(25, 100), sampleSize(25, 25), sampleSize(25, 10), sampleSize(25, 2), sampleSize(25, 0), sampleSize(0, 10)]).toEqual([25, 7, 3, 1, 0, 0]);
  });

  it('draws the same parties from the same seed, and others from another', () => {
    const people = Array.from({ length: 200 }, (_, i) => i);
    const a = drawSample(people, 20, seededRandom(7));
    expect(drawSample(people, 20, seededRandom(7))).toEqual(a);
    expect(new Set(a).size).toBe(20);
    expect(drawSample(people, 20, seededRandom(8))).not.toEqual(a);
  });
});

describe('issue 16.5: a recall\'s effectiveness check — level chosen, sample drawn and verified, result in the regulator report', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  const check = async () => ((await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/effectiveness`, headers: { cookie } })).json() as { check: Check }).check;
  const choose = (payload: Record<string, unknown>, id = recall.id) => t.app.inject({ method: 'PUT', url: `/api/recalls/${id}/effectiveness`, headers: { cookie }, payload });
  const draw = (payload: Record<string, unknown> = {}, id = recall.id) => t.app.inject({ method: 'POST', url: `/api/recalls/${id}/effectiveness/sample`, headers: { cookie }, payload });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 300, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.effectiveness@example.com');
    const [target] = await t.db.query<{ gtin: string }>(
      `SELECT p.gtin FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN products p ON p.id = ol.product_id
       WHERE ol.lot_id IS NOT NULL AND o.customer_id IS NOT NULL GROUP BY p.gtin ORDER BY count(DISTINCT o.customer_id) DESC, 1 LIMIT 1`);
    recall = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: { title: 'Undeclared milk', classification: 'II', reason: 'Undeclared milk', scope: [{ gtin: target!.gtin, all_lots: true }] } })).json();
  });
  afterAll(async () => t.close());

  it('takes a level per recall: B needs its share, and nothing is drawn before activation', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/effectiveness`, headers: { cookie } })).json()).toEqual({ check: null });
    const noShare = await choose({ level: 'B' });
    expect(noShare.statusCode).toBe(400);
    expect(noShare.json().errors[0].field).toBe('body.share_percent');
    expect((await choose({ level: 'B', share_percent: 150 })).statusCode).toBe(400);
    expect((await choose({ level: 'Z' })).statusCode).toBe(400);
    expect((await choose({ level: 'C' })).json()).toEqual({ level: 'C', share_percent: 10 });
    expect((await draw({ seed: 42 })).statusCode).toBe(409); // still a draft
    const viewer = await t.login(['viewer'], 'viewer.effectiveness@example.com');
    expect((await t.app.inject({ method: 'PUT', url: `/api/recalls/${recall.id}/effectiveness`, headers: { cookie: viewer }, payload: { level: 'A' } })).statusCode).toBe(403);
  });

  it('draws 10 % of the consignees and of the consumers with a recorded seed, once', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } })).statusCode).toBe(200);
    await settleActions(t);
    const drawn = await draw({ seed: 42 });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const [population] = await t.db.query<{ consumers: number }>(
      `SELECT count(DISTINCT o.customer_id)::int AS consumers FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id
       JOIN recall_criteria c ON c.product_id = l.product_id WHERE c.recall_id = $1 AND o.customer_id IS NOT NULL`, [recall.id]);
    const stores = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/partners`, headers: { cookie } })).json() as { partner: string; locations: { external_id: string; name: string }[] }[];
    const consignees = stores.flatMap((p) => p.locations.map((l) => ({ external_id: l.external_id, label: `${l.name} (${p.partner})` }))).sort((a, b) => a.external_id.localeCompare(b.external_id));
    expect(drawn.json()).toEqual({
      seed: 42,
      consignees: { population: consignees.length, sampled: Math.ceil(consignees.length * 0.1) },
      consumers: { population: population!.consumers, sampled: Math.ceil(population!.consumers * 0.1) },
    });
    // Anyone can repeat the draw from the seed: the same consignees come out.
    const c = await check();
    const expected = drawSample(consignees, Math.ceil(consignees.length * 0.1), seededRandom(42)).map((x) => x.label);
    expect(c.parties.filter((p) => p.kind === 'consignee').map((p) => p.label)).toEqual(expected);
    expect(c).toMatchObject({ level: 'C', seed: 42, outcome: 'in_progress' });
    expect((await draw({ seed: 7 })).statusCode).toBe(409);
    expect((await choose({ level: 'A' })).statusCode).toBe(409);
  });

  it('verifies a consignee by its store confirmation, and consumers by what a person was told; one who did not act makes the check ineffective', async () => {
    const before = await check();
    const consignee = before.parties.find((p) => p.kind === 'consignee')!;
    expect(consignee.status).toBe('pending');
    const [location] = await t.db.query<{ external_id: string }>('SELECT external_id FROM locations WHERE id = $1', [consignee.location_id]);
    const token = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'store', scopes: ['recalls:returns'] } })).json().token;
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/store-confirmations`, headers: { authorization: `Bearer ${token}` }, payload: { location: location!.external_id, outcome: 'none_on_hand' } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const byRecord = (await check()).parties.find((p) => p.id === consignee.id)!;
    expect(byRecord).toMatchObject({ status: 'verified_by_record', received: true, acted: true, method: 'record' });
    expect(byRecord.records.evidence).toMatch(/^store confirmed none on hand/);

    const verify = (id: number, payload: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: `/api/recalls/${recall.id}/effectiveness/sample/${id}`, headers: { cookie }, payload });
    const consumers = before.parties.filter((p) => p.kind === 'consumer');
    expect((await verify(consumers[0]!.id, { received: true, acted: false, method: 'phone', note: 'still has two packs at home' })).statusCode).toBe(200);
    expect((await verify(999_999, { received: true, acted: true, method: 'phone' })).statusCode).toBe(404);
    expect((await verify(consumers[0]!.id, { received: true, acted: true, method: 'fax' })).statusCode).toBe(400);
    expect((await check()).outcome).toBe('ineffective');
    // Called again after they returned the packs; everyone else asked too.
    for (const party of (await check()).parties.filter((p) => p.status === 'pending' || p.id === consumers[0]!.id)) {
      expect((await verify(party.id, { received: true, acted: true, method: party.kind === 'consignee' ? 'visit' : 'phone' })).statusCode).toBe(200);
    }
    const after = await check();
    expect(after.outcome).toBe('effective');
    expect(after.consignees.pending).toBe(0);
  });

  it('puts the level, the sample and its result in the regulator report', async () => {
    const report = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/regulator-report`, headers: { cookie } })).json() as { records: Record<string, string>[] };
    const c = await check();
    const line = report.records[0]!.effectiveness_check!;
    expect(line).toContain('Level C (10 %)');
    expect(line).toContain('seed 42');
    expect(line).toContain(`consignees: ${c.consignees.sampled} of ${c.consignees.population} sampled, ${c.consignees.sampled} verified`);
    expect(line).toMatch(/— effective$/);
    expect(report.records[0]!.removal_confirmed).toMatch(/^1 of \d+ stores? and partner locations? confirmed the removal/);
  });

  it('level E checks nobody, and says so', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: { title: 'Label typo', classification: 'III', reason: 'Typo in the label', scope: [{ gtin: (await t.db.query<{ gtin: string }>('SELECT gtin FROM products ORDER BY id LIMIT 1'))[0]!.gtin, all_lots: true }] } })).json();
    expect((await choose({ level: 'E' }, other.id)).statusCode).toBe(200);
    const report = (await t.app.inject({ method: 'GET', url: `/api/recalls/${other.id}/regulator-report`, headers: { cookie } })).json() as { records: Record<string, string>[] };
    expect(report.records[0]!.effectiveness_check).toBe('Level E (no effectiveness checks): not required');
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { loadCompensationPolicy } from './compensation/compensation-policy.ts';

describe('defining a recall and previewing its impact', () => {
  let t: TestApp;
  let cookie: string;
  let target: { gtin: string; lot_code: string };
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    cookie = await t.login(['manager']);
    // The lot with the most identified buyers: the kind of lot a recall is about.
    [target] = (await t.db.query<{ gtin: string; lot_code: string }>(
      `SELECT p.gtin, l.lot_code FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id
       JOIN products p ON p.id = l.product_id WHERE o.customer_id IS NOT NULL
       GROUP BY p.gtin, l.lot_code ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`,
    )) as [{ gtin: string; lot_code: string }];
  });
  afterAll(async () => t.close());

  it('gives vouchers to loyal customers and money back to everyone else, in whole minor units (processes/recall-compensation.dmn)', async () => {
    const policy = await loadCompensationPolicy(t.db, 'recall-compensation');
    expect(policy.source).toBe('recall-compensation-definitions v1');
    const base = { unitsBought: 1, amountSpentMinor: 12_999, yearsAsCustomer: 0, channel: 'store' as const };
    expect(policy.offerFor({ ...base, tier: 'vip' })).toEqual({ offerType: 'voucher', valuePercent: 200, valueMinor: 25_998, ruleId: 'rule-vip' });
    expect(policy.offerFor({ ...base, tier: 'gold' })).toMatchObject({ offerType: 'voucher', valueMinor: 19_499, ruleId: 'rule-gold' });
    expect(policy.offerFor({ ...base, tier: 'standard', yearsAsCustomer: 3 })).toMatchObject({ ruleId: 'rule-loyal' });
    expect(policy.offerFor({ ...base, tier: 'silver', unitsBought: 5 })).toMatchObject({ offerType: 'voucher', valuePercent: 125 });
    expect(policy.offerFor({ ...base, tier: 'standard' })).toEqual({ offerType: 'refund', valuePercent: 100, valueMinor: 12_999, ruleId: 'rule-default' });
  });

  it('follows the policy a designer deploys from the decision editor, from the next evaluation on', async () => {
    const shipped = readFileSync(resolve(import.meta.dirname, '../../processes/recall-compensation.dmn'), 'utf8');
    const edited = shipped.replace('<outputEntry id="rule-vip-percent"><text>200</text></outputEntry>', '<outputEntry id="rule-vip-percent"><text>300</text></outputEntry>');
    expect(edited).not.toBe(shipped);
    const designer = await t.login(['designer']);
    const deployed = await t.app.inject({ method: 'POST', url: '/api/decisions', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: edited });
    expect(deployed.statusCode, deployed.body).toBe(201);
    const policy = await loadCompensationPolicy(t.db, 'recall-compensation');
    expect(policy.source).toBe('recall-compensation-definitions v2');
    expect(policy.offerFor({ tier: 'vip', unitsBought: 1, amountSpentMinor: 1_000, yearsAsCustomer: 0, channel: 'store' })).toMatchObject({ valuePercent: 300, valueMinor: 3_000 });
    // Back to the shipped policy for the tests below (a third version, same rules as the first).
    const restored = await t.app.inject({ method: 'POST', url: '/api/decisions', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: shipped.replace('Recall compensation"', 'Recall compensation (restored)"') });
    expect(restored.statusCode, restored.body).toBe(201);
  });

  const define = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: body });

  it('refuses a scope with a wrong GTIN check digit or an unknown product, naming the field', async () => {
    const response = await define({ title: 'Bad scope', classification: 'II', reason: 'test', scope: [{ gtin: '4006381333932', lots: ['L1'] }, { gtin: '4006381333931', all_lots: true }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'body.scope.0.gtin', message: '"4006381333932" has a wrong check digit' },
      { field: 'body.scope.1.gtin', message: 'no product with GTIN 04006381333931' },
    ]);
  });

  it('previews lots, units sold per store, consumers, reach and the cost of the policy, matching the purchase data', async () => {
    const created = await define({
      title: 'Kefir: possible contamination',
      classification: 'I',
      reason: 'Listeria monocytogenes found in a retained sample',
      instructions: { en: 'Do not drink it. Return it to any store.', ru: 'Не употребляйте. Верните в любой магазин.' },
      scope: [{ gtin: target.gtin, lots: [target.lot_code] }],
    });
    expect(created.statusCode).toBe(201);
    const recall = created.json();
    expect(recall.reference).toMatch(/^RC-\d{4}-0001$/);
    expect(recall.status).toBe('draft');

    const impactResponse = await t.app.inject({ method: "GET", url: `/api/recalls/${recall.id}/impact`, headers: { cookie } });
    expect(impactResponse.statusCode, impactResponse.body).toBe(200);
    const impact = impactResponse.json();
    const [expected] = await t.db.query<{ sold: number; buyers: number; stores: number }>(
      `SELECT sum(ol.quantity)::bigint AS sold, count(DISTINCT o.customer_id)::bigint AS buyers, count(DISTINCT o.location_id)::bigint AS stores
       FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE p.gtin = $1 AND l.lot_code = $2`,
      [target.gtin, target.lot_code],
    );
    expect(impact.lots).toHaveLength(1);
    expect(impact.lots[0]).toMatchObject({ gtin: target.gtin, lot_code: target.lot_code });
    expect(impact.totals.sold).toBe(expected!.sold);
    expect(impact.totals.identified_consumers).toBe(expected!.buyers);
    expect(impact.totals.sold_to_identified + impact.totals.sold_anonymous).toBe(expected!.sold);
    expect(impact.locations.filter((l: { kind: string }) => l.kind === 'store')).toHaveLength(expected!.stores);
    expect(impact.reach.email + impact.reach.sms + impact.reach.unreachable).toBe(expected!.buyers);
    const simulated = impact.compensation.by_currency.reduce((n: number, c: { consumers: number }) => n + c.consumers, 0);
    expect(simulated).toBeGreaterThanOrEqual(expected!.buyers);
    expect(impact.compensation.policy).toEqual({ decision: 'recall-compensation', source: expect.stringMatching(/^recall-compensation-definitions v[0-9]+$/) });
    for (const rule of impact.compensation.by_rule) expect(rule.rule).toMatch(/^rule-/);
  });

  it('writes the regulator report with the fields of an FDA enforcement report, as JSON, CSV and HTML', async () => {
    const created = (await define({ title: 'Report <test>', classification: 'II', reason: 'Undeclared <milk> protein', recalling_firm: 'Demo Dairy AB', scope: [{ gtin: target.gtin, lots: [target.lot_code] }] })).json();
    const json = (await t.app.inject({ method: 'GET', url: `/api/recalls/${created.id}/regulator-report`, headers: { cookie } })).json();
    expect(json.records).toHaveLength(1);
    expect(json.records[0]).toMatchObject({
      recall_number: created.reference,
      classification: 'Class II',
      status: 'Draft — not activated',
      reason_for_recall: 'Undeclared <milk> protein',
      // The recall names a firm that is not the company: its address is unknown, not a plant's.
      recalling_firm: 'Demo Dairy AB',
      city: 'unknown',
      country: 'unknown',
      voluntary_mandated: 'not recorded',
      initial_firm_notification: 'none yet — the recall is not activated',
      code_info: expect.stringContaining(`Lots: ${target.lot_code}`),
      product_description: expect.stringContaining(`GTIN ${target.gtin}`),
      distribution_pattern: expect.stringMatching(/^Stores and warehouses: \d+ locations?; by country: /),
      recall_initiation_date: 'not activated yet',
      report_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const csv = await t.app.inject({ method: 'GET', url: `/api/recalls/${created.id}/regulator-report?format=csv`, headers: { cookie } });
    expect(csv.body.split('\n')[0]).toBe('recall_number,event_id,classification,status,product_type,product_description,code_info,reason_for_recall,distribution_pattern,product_quantity,recalling_firm,address_1,city,postal_code,country,safety_contact,voluntary_mandated,initial_firm_notification,recall_initiation_date,report_date,units_sold,consumers_identified,consumers_possibly_affected,stores_and_partners,removal_confirmed,effectiveness_check');
    const page = await t.app.inject({ method: 'GET', url: `/api/recalls/${created.id}/regulator-report?format=html`, headers: { cookie } });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Undeclared &lt;milk&gt; protein');
    expect(page.body).not.toContain('<milk>');
  });

  it('lets a draft be changed but not an unknown recall', async () => {
    const missing = await t.app.inject({ method: 'PUT', url: '/api/recalls/99999', headers: { cookie }, payload: { title: 'x x x', classification: 'III', reason: 'r r r', scope: [{ gtin: target.gtin, all_lots: true }] } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { PROCESSES_DIR } from '../platform/paths.ts';
import { parseDmn } from '../rules/index.ts';
import { decideCompensation } from './compensation/delay-compensation.ts';
import { addShipment } from './test/shipments.ts';

describe('delay compensation by rule (issue 15.7): processes/delay-compensation.dmn, preview = issue, budget, once per order', () => {
  let t: TestApp;
  let manager: string;
  let agent: string;
  let incidentId: number;
  let processInstanceId: number;

  /** A late order of LatePost: customer tier, order value (one line), currency, days late. */
  async function lateOrder(external: string, tier: string | null, valueMinor: number, currency: string, daysLate: number) {
    const shipmentId = await addShipment(t.db, { external, carrier: 'LatePost', shippedAt: '2026-11-10T09:00:00Z', promisedOn: '2026-11-12', country: 'SE' });
    const [{ order_id: orderId }] = (await t.db.query<{ order_id: number }>('SELECT order_id FROM shipments WHERE id = $1', [shipmentId])) as [{ order_id: number }];
    if (tier === null) await t.db.query('UPDATE orders SET customer_id = NULL WHERE id = $1', [orderId]);
    else await t.db.query('UPDATE customers SET tier = $2 WHERE id = (SELECT customer_id FROM orders WHERE id = $1)', [orderId, tier]);
    await t.db.query('UPDATE orders SET currency = $2 WHERE id = $1', [orderId, currency]);
    await t.db.query(`INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency) SELECT $1, 1, id, 1, $2, $3 FROM products WHERE gtin = '00012345678905'`, [orderId, valueMinor, currency]);
    await t.db.query(`INSERT INTO delivery_delays (shipment_id, order_id, rule, cause_tag, days_late, calendar, detected_at, updated_at)
                      VALUES ($1, $2, 'past_promise', 'past_promise', $3, 'SE', '2026-11-13T00:00:00Z', '2026-11-13T00:00:00Z')`, [shipmentId, orderId, daysLate]);
  }
  const preview = () => t.app.inject({ method: 'GET', url: `/api/delivery/incidents/${incidentId}/compensation-preview`, headers: { cookie: manager } });
  const issue = (budgetKeys?: string[]) => t.app.inject({ method: 'POST', url: `/api/delivery/incidents/${incidentId}/compensation`, headers: { cookie: manager }, payload: budgetKeys ? { budget_keys: budgetKeys } : {} });
  /** Management's task on the incident's process: approve the compensation budget by its keys. */
  async function approve(budgetKeys: string) {
    const [task] = await t.db.query<{ id: number }>(`SELECT id FROM engine_tasks WHERE instance_id = $1 AND activity_id = 'publicStatementAndBudget' AND status = 'open'`, [processInstanceId]);
    expect(task, 'the management task is open').toBeDefined();
    expect((await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/claim`, headers: { cookie: manager } })).statusCode).toBe(204);
    const done = await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/complete`, headers: { cookie: manager }, payload: { data: { budgetKeys } } });
    expect(done.statusCode, done.body).toBe(204);
  }
  const budget = (key: string, currency: string, limitMinor: number) =>
    t.app.inject({ method: 'PUT', url: `/api/compensation/budgets/${key}`, headers: { cookie: manager }, payload: { name: `Delay ${key}`, currency, limit_minor: limitMinor } });
  const issuedCounts = async () => (await t.db.query<{ vouchers: number; refunds: number; points: number; charges: number; rows: number }>(
    `SELECT (SELECT count(*)::int FROM vouchers WHERE purpose LIKE 'delivery:%') AS vouchers,
            (SELECT count(*)::int FROM compensation_refunds WHERE purpose LIKE 'delivery:%') AS refunds,
            (SELECT count(*)::int FROM loyalty_points WHERE purpose LIKE 'delivery:%') AS points,
            (SELECT count(*)::int FROM compensation_budget_charges WHERE purpose LIKE 'delivery:%') AS charges,
            (SELECT count(*)::int FROM delivery_compensations) AS rows`))[0]!;

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
    agent = await t.login(['agent']);
    await t.db.query(`INSERT INTO products (gtin, name) VALUES ('00012345678905', 'Headphones') ON CONFLICT DO NOTHING`);
    await lateOrder('DC-STD', 'standard', 10_000, 'EUR', 5); // shipping refund 4.90
    await lateOrder('DC-GOLD', 'gold', 20_000, 'EUR', 5); // coupon 15 % = 30.00
    await lateOrder('DC-LARGE', 'standard', 60_000, 'EUR', 4); // partial refund 10 % = 60.00
    await lateOrder('DC-VIP', 'vip', 30_000, 'EUR', 10); // gift 10 % + 20.00 = 50.00
    await lateOrder('DC-SILVER', 'silver', 5_000, 'EUR', 2); // 200 points costing 2.00
    await lateOrder('DC-SHORT', 'standard', 5_000, 'EUR', 2); // no rule
    await lateOrder('DC-ANON', null, 5_000, 'EUR', 6); // nobody to compensate
    await lateOrder('DC-SEK', 'standard', 20_000, 'SEK', 6); // shipping refund in SEK: 49 kr
    await lateOrder('DC-SEKVIP', 'vip', 300_000, 'SEK', 9); // gift 10 % + 200 kr = 500 kr
    await lateOrder('DC-RUBSILVER', 'silver', 500_000, 'RUB', 2); // 200 points costing 200 ₽
    await lateOrder('DC-JPY', 'standard', 10_000, 'JPY', 5); // no amounts in JPY: listed
    const opened = await t.app.inject({ method: 'POST', url: '/api/delivery/incidents', headers: { cookie: manager }, payload: { cause_kind: 'carrier', cause_value: 'LatePost' } });
    expect(opened.statusCode, opened.body).toBe(201);
    incidentId = opened.json().id;
    expect(opened.json().delayed_orders).toBe(11);
    processInstanceId = opened.json().process_instance_id;
  });
  afterAll(async () => t.close());

  it('decides per order by the rows of the shipped table, first match wins', async () => {
    const model = await parseDmn(await readFile(join(PROCESSES_DIR, 'delay-compensation.dmn'), 'utf8'));
    const decide = (daysLate: number, orderValueMinor: number, tier: string, currency = 'EUR') => decideCompensation(model, { daysLate, orderValueMinor, tier, vip: tier === 'vip', currency });
    expect(decide(8, 30_000, 'vip')).toEqual({ option: 'gift', amountMinor: 5_000, points: 0, ruleId: 'rule-vip-long-eur' });
    expect(decide(4, 50_000, 'gold')).toEqual({ option: 'partial_refund', amountMinor: 5_000, points: 0, ruleId: 'rule-large-long-eur' });
    expect(decide(4, 30_000, 'vip')).toEqual({ option: 'partial_refund', amountMinor: 1_500, points: 0, ruleId: 'rule-vip' });
    expect(decide(4, 20_001, 'gold')).toEqual({ option: 'coupon', amountMinor: 3_000, points: 0, ruleId: 'rule-gold' });
    expect(decide(4, 10_000, 'silver')).toEqual({ option: 'shipping_refund', amountMinor: 490, points: 0, ruleId: 'rule-delay-eur' });
    expect(decide(3, 10_000, 'gold')).toEqual({ option: 'loyalty_points', amountMinor: 200, points: 200, ruleId: 'rule-short-loyal-eur' });
    expect(decide(1, 10_000, 'vip')).toEqual({ option: 'loyalty_points', amountMinor: 500, points: 500, ruleId: 'rule-short-vip-eur' });
    expect(decide(3, 90_000, 'standard')).toEqual({ reason: 'no rule of the decision matches this order (3 days late, tier standard, EUR)' });
    expect(decide(0, 10_000, 'vip')).toEqual({ reason: 'no rule of the decision matches this order (0 days late, tier vip, EUR)' });
  });

  it('refunds shipping in what shipping costs in the order\'s currency, never 4.90 of any currency', async () => {
    const model = await parseDmn(await readFile(join(PROCESSES_DIR, 'delay-compensation.dmn'), 'utf8'));
    const refund = (currency: string) => decideCompensation(model, { daysLate: 5, orderValueMinor: 10_000, tier: 'standard', vip: false, currency });
    expect(refund('EUR')).toMatchObject({ option: 'shipping_refund', amountMinor: 490 });
    expect(refund('SEK')).toMatchObject({ option: 'shipping_refund', amountMinor: 4_900, ruleId: 'rule-delay-sek' });
    expect(refund('NOK')).toMatchObject({ amountMinor: 4_900 });
    expect(refund('DKK')).toMatchObject({ amountMinor: 3_900 });
    expect(refund('GBP')).toMatchObject({ amountMinor: 399 });
    expect(refund('USD')).toMatchObject({ amountMinor: 499 });
    expect(refund('RUB')).toMatchObject({ amountMinor: 39_000, ruleId: 'rule-delay-rub' });
    // A currency without rows is not given another currency's amount: it is listed, with why.
    expect(refund('JPY')).toEqual({ reason: 'no amounts for this currency in the decision yet: add its rows (5 days late, tier standard, JPY; rule rule-currency-without-amounts)' });
  });

  it('gives the VIP gift, the large-order refund and loyalty points in amounts of the order\'s currency (SEK, EUR, RUB), never one number for all', async () => {
    const model = await parseDmn(await readFile(join(PROCESSES_DIR, 'delay-compensation.dmn'), 'utf8'));
    const decide = (daysLate: number, orderValueMinor: number, tier: string, currency: string) => decideCompensation(model, { daysLate, orderValueMinor, tier, vip: tier === 'vip', currency });
    // The gift is 10 % of the order plus a fixed part that is 20.00 EUR, 200 kr, 2 000 ₽ — not 20.00 of any currency.
    expect(decide(8, 30_000, 'vip', 'EUR')).toEqual({ option: 'gift', amountMinor: 3_000 + 2_000, points: 0, ruleId: 'rule-vip-long-eur' });
    expect(decide(8, 300_000, 'vip', 'SEK')).toEqual({ option: 'gift', amountMinor: 30_000 + 20_000, points: 0, ruleId: 'rule-vip-long-sek' });
    expect(decide(8, 3_000_000, 'vip', 'RUB')).toEqual({ option: 'gift', amountMinor: 300_000 + 200_000, points: 0, ruleId: 'rule-vip-long-rub' });
    // Points are as many in every currency; what they cost the budget is per currency.
    expect(decide(2, 5_000, 'silver', 'EUR')).toEqual({ option: 'loyalty_points', amountMinor: 200, points: 200, ruleId: 'rule-short-loyal-eur' });
    expect(decide(2, 50_000, 'gold', 'SEK')).toEqual({ option: 'loyalty_points', amountMinor: 2_000, points: 200, ruleId: 'rule-short-loyal-sek' });
    expect(decide(2, 500_000, 'silver', 'RUB')).toEqual({ option: 'loyalty_points', amountMinor: 20_000, points: 200, ruleId: 'rule-short-loyal-rub' });
    expect(decide(1, 5_000, 'vip', 'EUR')).toMatchObject({ amountMinor: 500, points: 500, ruleId: 'rule-short-vip-eur' });
    expect(decide(1, 50_000, 'vip', 'SEK')).toMatchObject({ amountMinor: 5_000, points: 500, ruleId: 'rule-short-vip-sek' });
    expect(decide(1, 500_000, 'vip', 'RUB')).toMatchObject({ amountMinor: 50_000, points: 500, ruleId: 'rule-short-vip-rub' });
    // "Large" is 500.00 EUR, 5 000 kr, 50 000 ₽: a 600 kr order is not large, a 6 000 kr one is.
    expect(decide(4, 60_000, 'standard', 'SEK')).toMatchObject({ option: 'shipping_refund', amountMinor: 4_900, ruleId: 'rule-delay-sek' });
    expect(decide(4, 600_000, 'standard', 'SEK')).toMatchObject({ option: 'partial_refund', amountMinor: 60_000, ruleId: 'rule-large-long-sek' });
    expect(decide(4, 600_000, 'standard', 'RUB')).toMatchObject({ option: 'shipping_refund', amountMinor: 39_000, ruleId: 'rule-delay-rub' });
    expect(decide(4, 6_000_000, 'standard', 'RUB')).toMatchObject({ option: 'partial_refund', amountMinor: 600_000, ruleId: 'rule-large-long-rub' });
    // A VIP paying in a currency without rows does not fall through to another rule's amount: listed, with why.
    expect(decide(9, 30_000, 'vip', 'JPY')).toEqual({ reason: 'no amounts for this currency in the decision yet: add its rows (9 days late, tier vip, JPY; rule rule-currency-without-amounts)' });
  });

  it('previews per currency and option over the incident\'s real orders, listing those without a decision', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/delivery/incidents/${incidentId}/compensation-preview`, headers: { cookie: agent } })).statusCode).toBe(403);
    const response = await preview();
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // The shipped file is deployed at start; the console's decision editor deploys the next versions.
    expect(body.decision).toBe('delay-compensation-definitions v1');
    const eur = body.currencies.find((c: { currency: string }) => c.currency === 'EUR');
    expect(eur.to_issue).toEqual({
      orders: 5, total_minor: 490 + 3_000 + 6_000 + 5_000 + 200,
      options: {
        shipping_refund: { count: 1, total_minor: 490, points: 0 }, coupon: { count: 1, total_minor: 3_000, points: 0 },
        partial_refund: { count: 1, total_minor: 6_000, points: 0 }, gift: { count: 1, total_minor: 5_000, points: 0 },
        loyalty_points: { count: 1, total_minor: 200, points: 200 },
      },
    });
    expect(body.currencies.find((c: { currency: string }) => c.currency === 'SEK').to_issue).toMatchObject({ orders: 2, total_minor: 4_900 + 50_000, options: { gift: { count: 1, total_minor: 50_000, points: 0 } } });
    expect(body.currencies.find((c: { currency: string }) => c.currency === 'RUB').to_issue).toMatchObject({ orders: 1, total_minor: 20_000, options: { loyalty_points: { count: 1, total_minor: 20_000, points: 200 } } });
    expect(body.undecided.map((u: { order: string; reason: string }) => [u.order.split('-').slice(1, 3).join('-'), u.reason])).toEqual([
      ['DC-ANON', 'anonymous order: no customer to compensate'],
      ['DC-JPY', 'no amounts for this currency in the decision yet: add its rows (5 days late, tier standard, JPY; rule rule-currency-without-amounts)'],
      ['DC-SHORT', 'no rule of the decision matches this order (2 days late, tier standard, EUR)'],
    ]);
    expect(body.orders).toHaveLength(8);
    // Nothing approved yet: each currency shows it, and nothing was refused.
    expect(body.approvals.map((a: { currency: string; budget_key: string | null; within: boolean }) => [a.currency, a.budget_key, a.within])).toEqual([['EUR', null, false], ['RUB', null, false], ['SEK', null, false]]);
    expect(body.refusals).toEqual({ count: 0, last: null });
  });

  it('refuses to issue without management\'s approval, beyond the approved budget or from another budget, counts each refusal, and issues nothing', async () => {
    const none = await issue();
    expect(none.statusCode, none.body).toBe(422);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json()).toMatchObject({ type: '/problems/delivery.compensation_not_approved', currencies: ['EUR', 'RUB', 'SEK'] });
    expect(none.json().detail).toContain('nothing was issued');

    expect((await budget('delay-eur-small', 'EUR', 10_000)).statusCode).toBe(200);
    expect((await budget('delay-eur', 'EUR', 100_000)).statusCode).toBe(200);
    expect((await budget('delay-sek', 'SEK', 100_000)).statusCode).toBe(200);
    expect((await budget('delay-rub', 'RUB', 100_000)).statusCode).toBe(200);
    // Budgets existing is not approval: still refused.
    expect((await issue(['delay-eur', 'delay-sek', 'delay-rub'])).json().type).toBe('/problems/delivery.compensation_not_approved');
    await approve('delay-eur-small, delay-sek, delay-rub');

    const tooSmall = await issue();
    expect(tooSmall.statusCode, tooSmall.body).toBe(422);
    expect(tooSmall.json()).toMatchObject({ type: '/problems/compensation.budget_exceeded', budget: 'delay-eur-small', currency: 'EUR', remaining_minor: 10_000, requested_minor: 14_690 });
    // A budget management did not approve for this incident is refused, naming the field.
    const other = await issue(['delay-eur', 'delay-sek']);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ type: '/problems/delivery.compensation_budget_not_approved', errors: [{ field: 'body.budget_keys.0', message: 'not the approved budget' }] });
    expect(await issuedCounts()).toEqual({ vouchers: 0, refunds: 0, points: 0, charges: 0, rows: 0 });
    expect((await t.db.query<{ spent_minor: string }>(`SELECT spent_minor::text FROM compensation_budgets WHERE key = 'delay-eur-small'`))[0]!.spent_minor).toBe('0');

    // Every refusal is counted and the last one is shown with what the person was told.
    const body = (await preview()).json();
    expect(body.refusals).toMatchObject({ count: 4, last: { problem: 'delivery.compensation_budget_not_approved', refused_by: expect.any(String) } });
    expect(body.refusals.last.detail).toContain('"delay-eur" is not a budget management approved');
    expect(body.approvals).toEqual([
      expect.objectContaining({ currency: 'EUR', budget_key: 'delay-eur-small', approved_limit_minor: 10_000, limit_minor: 10_000, remaining_minor: 10_000, to_issue_minor: 14_690, within: false }),
      expect.objectContaining({ currency: 'RUB', budget_key: 'delay-rub', to_issue_minor: 20_000, within: true }),
      expect.objectContaining({ currency: 'SEK', budget_key: 'delay-sek', to_issue_minor: 54_900, within: true }),
    ]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'compensation_refused'`)).toEqual([{ n: 4 }]);
  });

  it('issues exactly what the preview showed within the approved budgets, through the compensation module, and a second call issues nothing twice', async () => {
    // Management raises the approved budget (the task approved the budget, kept by management).
    expect((await budget('delay-eur-small', 'EUR', 20_000)).statusCode).toBe(200);
    const before = (await preview()).json();
    expect(before.approvals.every((a: { within: boolean }) => a.within)).toBe(true);
    const first = await issue();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ issued: 8, already_issued: 0 });
    expect(first.json().currencies).toEqual(before.currencies);
    // What was issued, order by order, is what the preview showed.
    const issued = await t.db.query<{ order_id: number; option: string; amount_minor: string; points: number; currency: string; budget_key: string }>(
      'SELECT order_id, option, amount_minor::text, points, currency, budget_key FROM delivery_compensations ORDER BY order_id');
    expect(issued.map((r) => [Number(r.order_id), r.option, Number(r.amount_minor), r.points]).sort())
      .toEqual(before.orders.map((o: { order_id: number; option: string; amount_minor: number; points: number }) => [o.order_id, o.option, o.amount_minor, o.points]).sort());
    // Each charged to the budget approved for its currency.
    expect(new Set(issued.map((r) => `${r.currency}:${r.budget_key}`))).toEqual(new Set(['EUR:delay-eur-small', 'SEK:delay-sek', 'RUB:delay-rub']));
    expect(await issuedCounts()).toEqual({ vouchers: 3, refunds: 3, points: 2, charges: 8, rows: 8 });
    const budgets = await t.db.query<{ key: string; spent_minor: string }>(`SELECT key, spent_minor::text FROM compensation_budgets WHERE key LIKE 'delay-%' ORDER BY key`);
    expect(budgets).toEqual([{ key: 'delay-eur', spent_minor: '0' }, { key: 'delay-eur-small', spent_minor: '14690' }, { key: 'delay-rub', spent_minor: '20000' }, { key: 'delay-sek', spent_minor: '54900' }]);
    // The points' cost in RUB, the gift's fixed part in SEK: the order's own currency.
    const [points] = await t.db.query<{ points: number }>(`SELECT points FROM loyalty_points WHERE purpose LIKE '%DC-RUBSILVER%'`);
    expect(points).toEqual({ points: 200 });
    const [gift] = await t.db.query<{ value_minor: string; currency: string }>(`SELECT value_minor::text, currency FROM vouchers WHERE purpose LIKE '%DC-SEKVIP%:gift'`);
    expect(gift).toEqual({ value_minor: '50000', currency: 'SEK' });

    const second = await issue(['delay-eur-small']);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ issued: 0, already_issued: 8 });
    expect(await issuedCounts()).toEqual({ vouchers: 3, refunds: 3, points: 2, charges: 8, rows: 8 });
    const after = (await preview()).json();
    expect(after.currencies.find((c: { currency: string }) => c.currency === 'EUR')).toMatchObject({ to_issue: { orders: 0, total_minor: 0 }, issued: { orders: 5, total_minor: 14_690 } });
    // A success is not a refusal.
    expect(after.refusals.count).toBe(4);
  });
});

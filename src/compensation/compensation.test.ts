import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { grantLoyaltyPoints, issueVoucher, loyaltyBalance, recordRefundOwed } from './index.ts';

describe('compensation: budgets that refuse beyond their limit', () => {
  let t: TestApp;
  let manager: string;
  let customerId: number;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager'], 'budget.owner@example.com');
    customerId = (await t.db.query<{ id: number }>(`INSERT INTO customers (external_id, name) VALUES ('COMP-1', 'Astrid Berg') RETURNING id`))[0]!.id;
  });
  afterAll(async () => t.close());

  const put = (key: string, payload: Record<string, unknown>, cookie = manager) =>
    t.app.inject({ method: 'PUT', url: `/api/compensation/budgets/${key}`, headers: { cookie }, payload });

  it('records who approved a budget; only compensation:budgets may set one', async () => {
    const created = await put('winback-q1', { name: 'Win-back Q1', purpose: 'offers to customers who left', currency: 'SEK', limit_minor: 50_000 });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ key: 'winback-q1', currency: 'SEK', limit_minor: 50_000, spent_minor: 0, remaining_minor: 50_000, approved_by: 'budget.owner@example.com' });
    const agent = await t.login(['agent']);
    expect((await put('winback-q1', { name: 'x', currency: 'SEK', limit_minor: 1 }, agent)).statusCode).toBe(403);
    const bad = await put('winback-q1', { name: 'x', currency: 'sek', limit_minor: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('charges each voucher under the row lock and refuses the one that would pass the limit, issuing nothing', async () => {
    const issue = (valueMinor: number) => t.db.transaction((tx) =>
      issueVoucher(tx, t.clock, { customerId, valueMinor, currency: 'SEK', validityDays: 30, purpose: 'winback:test', budgetKey: 'winback-q1' }));
    const first = await issue(30_000);
    expect(first.code).toMatch(/^[0-9A-Z]{4}-/);
    const refused = await issue(25_000).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('compensation.budget_exceeded');
    expect((refused as AppError).extensions).toMatchObject({ remaining_minor: 20_000, requested_minor: 25_000 });
    const [count] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM vouchers WHERE purpose = 'winback:test'");
    expect(count!.n).toBe(1);
    await issue(20_000);
    const budget = (await t.app.inject({ method: 'GET', url: '/api/compensation/budgets/winback-q1', headers: { cookie: manager } })).json();
    expect(budget).toMatchObject({ spent_minor: 50_000, remaining_minor: 0 });
    const wrongCurrency = await t.db.transaction((tx) => issueVoucher(tx, t.clock, { customerId, valueMinor: 1, currency: 'EUR', validityDays: 30, budgetKey: 'winback-q1' })).catch((e: AppError) => e.code);
    expect(wrongCurrency).toBe('compensation.budget_currency');
    const unknown = await t.db.transaction((tx) => issueVoucher(tx, t.clock, { customerId, valueMinor: 1, currency: 'SEK', validityDays: 30, budgetKey: 'nope' })).catch((e: AppError) => e.code);
    expect(unknown).toBe('compensation.unknown_budget');
    // A limit below what is spent is refused, naming the field.
    const lowered = await put('winback-q1', { name: 'Win-back Q1', currency: 'SEK', limit_minor: 10_000 });
    expect(lowered.statusCode).toBe(409);
    expect(lowered.json().errors[0].field).toBe('body.limit_minor');
  });

  it('shows the purpose of a voucher to the shop that redeems it', async () => {
    const voucher = await t.db.transaction((tx) => issueVoucher(tx, t.clock, { customerId, valueMinor: 500, currency: 'SEK', validityDays: 30, purpose: 'complaint:CS-1' }));
    const seen = await t.app.inject({ method: 'GET', url: `/api/vouchers/${voucher.code}`, headers: { cookie: manager } });
    expect(seen.json()).toMatchObject({ status: 'valid', purpose: 'complaint:CS-1', recall_reference: null });
  });

  it('grants loyalty points and records refunds once per key, from a budget when one is named', async () => {
    await put('goodwill-se', { name: 'Goodwill Sweden', currency: 'SEK', limit_minor: 1_000 });
    const grant = () => t.db.transaction((tx) => grantLoyaltyPoints(tx, t.clock, { customerId, points: 200, purpose: 'winback', idempotencyKey: 'pts-1', budget: { key: 'goodwill-se', valueMinor: 400, currency: 'SEK' } }));
    expect(await grant()).toMatchObject({ balance: 200, replayed: false });
    expect(await grant()).toMatchObject({ balance: 200, replayed: true });
    expect(await loyaltyBalance(t.db, customerId)).toBe(200);
    const refund = () => t.db.transaction((tx) => recordRefundOwed(tx, t.clock, { customerId, amountMinor: 600, currency: 'SEK', purpose: 'delivery incident', budgetKey: 'goodwill-se', idempotencyKey: 'ref-1' }));
    expect((await refund()).replayed).toBe(false);
    expect((await refund()).replayed).toBe(true);
    const over = await t.db.transaction((tx) => recordRefundOwed(tx, t.clock, { customerId, amountMinor: 1, currency: 'SEK', purpose: 'x', budgetKey: 'goodwill-se' })).catch((e: AppError) => e.code);
    expect(over).toBe('compensation.budget_exceeded');
    const list = (await t.app.inject({ method: 'GET', url: '/api/compensation/budgets', headers: { cookie: manager } })).json();
    expect(list.items.find((b: { key: string }) => b.key === 'goodwill-se')).toMatchObject({ spent_minor: 1_000, remaining_minor: 0 });
  });
});

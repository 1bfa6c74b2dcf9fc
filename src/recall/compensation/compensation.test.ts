import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { deployDecision } from '../../engine/index.ts';
import { defineRecall } from '../define-recall.ts';
import { loadCompensationPolicy } from './compensation-policy.ts';
import { decideOffers } from './decide-offers.ts';
import { newVoucherCode, normalizeVoucherCode } from '../../compensation/index.ts';

describe('voucher codes', () => {
  it('are 80 random bits in four readable groups, and typed forms normalise to them', () => {
    const codes = new Set(Array.from({ length: 2000 }, newVoucherCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(normalizeVoucherCode('7k2m qx9d r4tb w1hz')).toBe('7K2M-QX9D-R4TB-W1HZ');
    expect(normalizeVoucherCode('7K2M-QX9D-R4TB-WIHZ')).toBe('7K2M-QX9D-R4TB-W1HZ');
    expect(normalizeVoucherCode('too-short')).toBeNull();
  });
});

describe('offers by the policy, vouchers redeemed once', () => {
  let t: TestApp;
  let recallId: number;
  let shop: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 300, orders: 2500 });
    const [product] = await t.db.query<{ gtin: string }>(
      `SELECT p.gtin FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN products p ON p.id = ol.product_id
       WHERE o.customer_id IS NOT NULL AND ol.lot_id IS NOT NULL GROUP BY p.gtin ORDER BY count(DISTINCT o.customer_id) DESC LIMIT 1`,
    );
    recallId = (await defineRecall(t.db, t.clock, systemActor, { title: 'All lots of a product', classification: 'II', reason: 'mislabelled allergen', scope: [{ gtin: product!.gtin, all_lots: true }] })).id;
    const cookie = await t.login(['manager']);
    shop = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'shop', scopes: ['vouchers:redeem'] } })).json().token;
  });
  afterAll(async () => t.close());

  it('records one explained offer per consumer and currency, with a voucher for each voucher offer, once', async () => {
    const first = await t.db.transaction((tx) => decideOffers(tx, t.clock, recallId));
    const [expected] = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT DISTINCT o.customer_id, ol.currency FROM order_lines ol JOIN orders o ON o.id = ol.order_id
         JOIN recall_criteria c ON c.product_id = ol.product_id AND c.recall_id = $1 WHERE o.customer_id IS NOT NULL AND ol.lot_id IS NOT NULL) x`,
      [recallId],
    );
    expect(first.offers).toBe(expected!.n);
    const [split] = await t.db.query<{ vouchers: number; linked: number; explained: number }>(
      `SELECT count(*) FILTER (WHERE offer_type = 'voucher') AS vouchers, count(voucher_id) AS linked,
              count(*) FILTER (WHERE rule_id LIKE 'rule-%' AND facts ? 'tier') AS explained
       FROM recall_offers WHERE recall_id = $1`,
      [recallId],
    );
    expect(first.vouchers).toBe(split!.vouchers);
    expect(split!.linked).toBe(split!.vouchers);
    expect(split!.explained).toBe(first.offers);
    expect(await t.db.transaction((tx) => decideOffers(tx, t.clock, recallId))).toEqual({ offers: 0, vouchers: 0 });
  });

  it('redeems a voucher once; the same Idempotency-Key replays the answer, another key is refused', async () => {
    const [voucher] = await t.db.query<{ code: string; value_minor: number }>('SELECT code, value_minor FROM vouchers WHERE recall_id = $1 LIMIT 1', [recallId]);
    const redeem = (key: string, code = voucher!.code) =>
      t.app.inject({ method: 'POST', url: '/api/vouchers/redeem', headers: { authorization: `Bearer ${shop}`, 'idempotency-key': key }, payload: { code, reference: 'receipt 881' } });
    const first = await redeem('till-7-txn-0001');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ code: voucher!.code, status: 'redeemed', value_minor: voucher!.value_minor });
    const replay = await redeem('till-7-txn-0001');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().redeemed_at).toBe(first.json().redeemed_at);
    const second = await redeem('till-9-txn-0002');
    expect(second.statusCode).toBe(409);
    expect(second.json().type).toBe('/problems/voucher.already_redeemed');
    expect((await redeem('till-9-txn-0003', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ')).statusCode).toBe(404);
    expect((await redeem('till-9-txn-0004', 'nonsense')).statusCode).toBe(400);
    const noKey = await t.app.inject({ method: 'POST', url: '/api/vouchers/redeem', headers: { authorization: `Bearer ${shop}` }, payload: { code: voucher!.code } });
    expect(noKey.statusCode).toBe(400);
  });

  it('evaluates the policy once per distinct facts it reads, yet follows a policy that reads the amount', async () => {
    const shipped = readFileSync(resolve(import.meta.dirname, '../../../processes/recall-compensation.dmn'), 'utf8');
    const base = { tier: 'standard', unitsBought: 1, yearsAsCustomer: 0, channel: 'store' as const };
    const policy = await loadCompensationPolicy(t.db, 'recall-compensation');
    // The shipped policy does not read the amount: the same decision, scaled to each amount.
    expect(policy.offerFor({ ...base, amountSpentMinor: 1_000 })).toEqual({ offerType: 'refund', valuePercent: 100, valueMinor: 1_000, ruleId: 'rule-default' });
    expect(policy.offerFor({ ...base, amountSpentMinor: 99_999 })).toEqual({ offerType: 'refund', valuePercent: 100, valueMinor: 99_999, ruleId: 'rule-default' });
    // A designer's edit that does: big spenders get a voucher instead.
    const bigSpenders = shipped.replace('<text>unitsBought</text>', '<text>if amountSpentMinor &gt;= 50000 then 99 else unitsBought</text>');
    expect(bigSpenders).not.toBe(shipped);
    await deployDecision(t.db, bigSpenders, systemActor);
    const edited = await loadCompensationPolicy(t.db, 'recall-compensation');
    expect(edited.offerFor({ ...base, amountSpentMinor: 1_000 })).toMatchObject({ offerType: 'refund', ruleId: 'rule-default' });
    expect(edited.offerFor({ ...base, amountSpentMinor: 60_000 })).toEqual({ offerType: 'voucher', valuePercent: 125, valueMinor: 75_000, ruleId: 'rule-stock-up' });
    expect(edited.offerFor({ ...base, amountSpentMinor: 2_000 })).toMatchObject({ offerType: 'refund', valueMinor: 2_000 });
    await deployDecision(t.db, shipped.replace('Recall compensation"', 'Recall compensation (restored)"'), systemActor);
  });
});

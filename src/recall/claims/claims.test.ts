import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { normalizeIban } from './bank-account.ts';
import { decimalAmount } from './payouts.ts';

// Real IBANs' shapes with correct check digits (the examples the national banks publish).
const SE_IBAN = 'SE45 5000 0000 0583 9825 7466';
const DE_IBAN = 'DE89 3704 0044 0532 0130 00';

describe('bank details for refunds', () => {
  it('accepts IBANs with correct check digits, spaced or not, and explains a typo', () => {
    expect(normalizeIban(SE_IBAN)).toEqual({ ok: true, iban: 'SE4550000000058398257466' });
    expect(normalizeIban('de89370400440532013000')).toEqual({ ok: true, iban: 'DE89370400440532013000' });
    expect(normalizeIban('DE89 3704 0044 0532 0130 01')).toMatchObject({ ok: false, message: expect.stringContaining('check digits') });
    expect(normalizeIban('SE45 5000 0000 0583 9825 746')).toMatchObject({ ok: false, message: expect.stringContaining('24 characters') });
    expect(normalizeIban('not an iban')).toMatchObject({ ok: false });
  });

  it('writes amounts in the currency’s decimals from integer minor units', () => {
    expect(decimalAmount(12_345, 'EUR')).toBe('123.45');
    expect(decimalAmount(5, 'SEK')).toBe('0.05');
    expect(decimalAmount(1_200, 'JPY')).toBe('1200');
  });
});

describe('claims on the recall page, decided by processes/recall-claim.dmn', () => {
  let t: TestApp;
  let manager: string;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string };
  let offers: { email: string; offer_type: string; value_minor: number; currency: string; code: string | null }[];
  const claim = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/public/recalls/${recall.reference}/claims`, payload: body });
  const refundOffer = (i: number) => {
    const offer = offers.filter((o) => o.offer_type === 'refund')[i];
    if (!offer) throw new Error(`the demo data has fewer than ${i + 1} refund offers on the lot`);
    return offer;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    manager = await t.login(['manager']);
    [target] = (await t.db.query<{ gtin: string; lot_code: string }>(
      `SELECT p.gtin, l.lot_code FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE o.customer_id IS NOT NULL GROUP BY p.gtin, l.lot_code ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`,
    )) as [{ gtin: string; lot_code: string }];
    recall = (await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie: manager },
      payload: { title: 'Kefir lot recall', classification: 'II', reason: 'Off taste reported', scope: [{ gtin: target.gtin, lots: [target.lot_code] }] },
    })).json();
  });
  afterAll(async () => t.close());

  it('takes no claim before the recall is active', async () => {
    const early = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(early.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie: manager } })).statusCode).toBe(200);
    await settleActions(t); // the recall process decides every identified consumer's offer
    offers = await t.db.query(
      `SELECT cu.email, o.offer_type, o.value_minor, o.currency, v.code FROM recall_offers o JOIN customers cu ON cu.id = o.customer_id LEFT JOIN vouchers v ON v.id = o.voucher_id
       WHERE o.recall_id = $1 AND cu.email IS NOT NULL AND o.value_minor > 0 ORDER BY o.id`, [recall.id]);
    expect(offers.length).toBeGreaterThan(2);
  });

  it('refuses a product the recall does not cover, a wrong IBAN and a missing contact, naming the field', async () => {
    const otherLot = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, lot: 'NOT-THIS-LOT', quantity: 1, requested: 'voucher' });
    expect(otherLot.statusCode).toBe(422);
    expect(otherLot.json()).toMatchObject({ type: '/problems/recall.claim_not_recalled', errors: [{ field: 'body.code' }] });
    const noLot = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, quantity: 1, requested: 'voucher' });
    expect(noLot.json()).toMatchObject({ type: '/problems/recall.claim_needs_lot', errors: [{ field: 'body.lot' }] });
    const badIban = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'refund', account_holder: 'Anna Berg', iban: 'DE89 3704 0044 0532 0130 01' });
    expect(badIban.statusCode).toBe(400);
    expect(badIban.json().errors).toEqual([{ field: 'body.iban', message: expect.stringContaining('check digits') }]);
    const noContact = await claim({ name: 'Anna', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(noContact.json().errors[0].field).toBe('body.email');
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recall_claims')) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('pays out the refund the policy offered a known customer at activation, once they give their bank details', async () => {
    const offer = refundOffer(0);
    const response = await claim({
      name: 'Known Buyer', email: offer.email.toUpperCase(), lang: 'sv', code: `(01)${target.gtin}(10)${target.lot_code}`,
      quantity: 1, requested: 'refund', account_holder: 'Known Buyer', iban: SE_IBAN,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'approved', requested: 'refund', value_minor: Number(offer.value_minor), currency: offer.currency, reason: 'the refund offered at activation', voucher: null, refund_sent: false });
    // The same person again: their claim stands, nothing new is written.
    const again = await claim({ name: 'Known Buyer', email: offer.email, gtin: target.gtin, lot: target.lot_code, quantity: 9, requested: 'voucher' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ reference: response.json().reference, replayed: true, requested: 'refund' });
  });

  it('gives a known customer the voucher already issued to them, never a second one', async () => {
    const offer = offers.find((o) => o.offer_type === 'voucher' && o.code);
    expect(offer, 'the demo has a loyal customer with a voucher offer on the lot').toBeDefined();
    const vouchers = async () => ((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vouchers WHERE recall_id = $1', [recall.id]))[0]!.n);
    const before = await vouchers();
    const collected = await claim({ name: 'Loyal', email: offer!.email, gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(collected.statusCode, collected.body).toBe(201);
    expect(collected.json()).toMatchObject({ status: 'approved', value_minor: Number(offer!.value_minor), voucher: { code: offer!.code }, reason: 'the voucher offered at activation' });
    expect(await vouchers()).toBe(before);
  });

  it('leaves a known customer asking for another kind than their offer to a person', async () => {
    const other = await claim({ name: 'Standard', email: refundOffer(1).email, gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(other.json()).toMatchObject({ status: 'review', reason: 'already offered a refund at activation; asks for a voucher' });
  });

  it('approves a small voucher claim without a receipt and issues a voucher a shop can redeem', async () => {
    const response = await claim({ name: 'Walk-in', email: 'walk-in@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ status: 'approved', reason: 'small voucher claim', voucher: { code: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/) } });
    expect(body.value_minor).toBeGreaterThan(0);
    const [voucher] = await t.db.query<{ value_minor: number; recall_id: number }>('SELECT value_minor, recall_id FROM vouchers WHERE code = $1', [body.voucher.code]);
    expect(voucher).toEqual({ value_minor: body.value_minor, recall_id: recall.id });
    // The signed link shows the claim; a forged one shows nothing.
    const status = await t.app.inject({ method: 'GET', url: `/api${body.status_url.replace('/p/claim', '/public/claims')}` });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ reference: body.reference, status: 'approved', voucher: { code: body.voucher.code } });
    const forged = await t.app.inject({ method: 'GET', url: `/api${body.status_url.replace('/p/claim', '/public/claims')}x` });
    expect(forged.statusCode).toBe(403);
  });

  it('leaves a large claim without a purchase on record to a manager, whose decision the process applies', async () => {
    const response = await claim({ name: 'Big Claimant', phone: '+46 70 123 45 67', gtin: target.gtin, lot: target.lot_code, quantity: 12, requested: 'refund', account_holder: 'Big Claimant', iban: DE_IBAN, bic: 'COBADEFFXXX' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'review', reason: 'above what the rules approve without a person' });
    const [task] = (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${encodeURIComponent(response.json().reference)}&status=open`, headers: { cookie: manager } })).json().items as { id: number; activityId: string }[];
    expect(task).toMatchObject({ activityId: 'reviewClaim' });
    const refused = await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/complete`, headers: { cookie: manager }, payload: { data: {} } });
    expect(refused.statusCode).toBe(422); // the form requires a decision
    const done = await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/complete`, headers: { cookie: manager }, payload: { data: { decision: 'approve', note: 'Receipt sent by e-mail' } } });
    expect(done.statusCode, done.body).toBe(204);
    await settleActions(t);
    const [row] = await t.db.query<{ status: string; decision_reason: string }>('SELECT status, decision_reason FROM recall_claims WHERE reference = $1', [response.json().reference]);
    expect(row).toEqual({ status: 'approved', decision_reason: 'Receipt sent by e-mail' });
  });

  it('exports approved refunds once as a payout batch with what a bank transfer needs, and lists the claims', async () => {
    const viewer = await t.login(['viewer']);
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/payouts`, headers: { cookie: viewer } })).statusCode).toBe(403);
    const batch = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/payouts`, headers: { cookie: manager } });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.headers['content-type']).toContain('text/csv');
    const [header, ...rows] = batch.body.trim().split('\n');
    expect(header).toBe('end_to_end_id,beneficiary_name,beneficiary_iban,beneficiary_bic,amount,currency,remittance_information,requested_execution_date,beneficiary_email');
    expect(rows).toHaveLength(2);
    const known = rows.find((r) => r.includes('SE4550000000058398257466'))!.split(',');
    expect(known[4]).toBe(decimalAmount(Number(refundOffer(0).value_minor), refundOffer(0).currency));
    expect(rows.find((r) => r.includes('DE89370400440532013000'))).toContain('COBADEFFXXX');
    // Exported once: a second export has nothing to pay, the batch downloads again unchanged.
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/payouts`, headers: { cookie: manager } })).statusCode).toBe(409);
    const again = await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/payouts/${batch.headers['x-payout-batch']}`, headers: { cookie: manager } });
    expect(again.body).toBe(batch.body);
    const claims = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/claims`, headers: { cookie: viewer } })).json();
    expect(claims.total).toBe(5);
    expect(claims.items.filter((c: { payout_batch_id: number | null }) => c.payout_batch_id !== null)).toHaveLength(2);
  });

  it('ships claim rules the business can read: on record, small voucher, small refund, else a person', async () => {
    const designer = await t.login(['designer']);
    const decide = async (context: Record<string, unknown>) =>
      (await t.app.inject({ method: 'POST', url: '/api/decisions/recall-claim-definitions/evaluate', headers: { cookie: designer }, payload: { context } })).json().value;
    const base = { purchaseOnRecord: false, unitsClaimed: 1, unitsOnRecord: 0, valueMinor: 1_500, requested: 'refund' };
    expect(await decide({ ...base, purchaseOnRecord: true, unitsClaimed: 3, unitsOnRecord: 3, valueMinor: 90_000 })).toEqual({ decision: 'approve', reason: 'purchase on record' });
    expect(await decide({ ...base, purchaseOnRecord: true, unitsClaimed: 4, unitsOnRecord: 3 })).toMatchObject({ decision: 'review' });
    expect(await decide({ ...base, unitsClaimed: 2, requested: 'voucher' })).toEqual({ decision: 'approve', reason: 'small voucher claim' });
    expect(await decide(base)).toEqual({ decision: 'approve', reason: 'small refund claim' });
    expect(await decide({ ...base, valueMinor: 2_001 })).toMatchObject({ decision: 'review' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { normalizeIban } from './bank-account.ts';
import { signToken } from '../../platform/links/signed-token.ts';
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
  let otherLot: string;
  /** Identified customers with an offer and the recall notice we sent them (its link carries their proof). */
  let offers: { customer_id: number; email: string; offer_type: string; value_minor: number; currency: string; code: string | null; proof: string; lots: string[] }[];
  // The public routes' per-address rate limits count wall-clock minutes; each request here
  // comes from its own address so that this file's many requests are not what they measure.
  let clients = 0;
  const from = () => `198.51.100.${(clients++ % 250) + 1}`;
  const post = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, payload, remoteAddress: from() });
  const claim = (body: Record<string, unknown>) => post(`/api/public/recalls/${recall.reference}/claims`, body);
  const refundOffer = (i: number) => {
    const offer = offers.filter((o) => o.offer_type === 'refund')[i];
    if (!offer) throw new Error(`the demo data has fewer than ${i + 1} refund offers on the lot`);
    return offer;
  };
  const voucherCount = async () => ((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vouchers WHERE recall_id = $1', [recall.id]))[0]!.n);
  /** "L2609-2943" as a person might type it: lower case, a space for the dash. */
  const typedSloppily = (lot: string) => lot.toLowerCase().replace(/-/g, ' ');

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    manager = await t.login(['manager']);
    [target] = (await t.db.query<{ gtin: string; lot_code: string }>(
      `SELECT p.gtin, l.lot_code FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE o.customer_id IS NOT NULL GROUP BY p.gtin, l.lot_code ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`,
    )) as [{ gtin: string; lot_code: string }];
    // A second lot of the same product, bought by others: a proven customer may claim only the lots they bought.
    [{ lot_code: otherLot }] = (await t.db.query<{ lot_code: string }>(
      `SELECT l.lot_code FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE o.customer_id IS NOT NULL AND p.gtin = $1 AND l.lot_code <> $2 GROUP BY l.lot_code ORDER BY count(DISTINCT o.customer_id) DESC, 1 LIMIT 1`,
      [target.gtin, target.lot_code])) as [{ lot_code: string }];
    recall = (await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie: manager },
      payload: { title: 'Kefir lot recall', classification: 'II', reason: 'Off taste reported', scope: [{ gtin: target.gtin, lots: [target.lot_code, otherLot] }] },
    })).json();
  });
  afterAll(async () => t.close());

  it('takes no claim before the recall is active', async () => {
    const early = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(early.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie: manager } })).statusCode).toBe(200);
    await settleActions(t); // the recall process decides every identified consumer's offer and sends the notices
    const rows = await t.db.query<{ customer_id: number; email: string; offer_type: string; value_minor: number; currency: string; code: string | null; url: string; lots: string[] }>(
      `SELECT o.customer_id, cu.email, o.offer_type, o.value_minor, o.currency, v.code, m.variables->>'landing_url' AS url,
              (SELECT array_agg(DISTINCT l.lot_code) FROM orders od JOIN order_lines ol ON ol.order_id = od.id JOIN lots l ON l.id = ol.lot_id
               WHERE od.customer_id = o.customer_id AND l.lot_code IN ($3, $4)) AS lots
       FROM recall_offers o JOIN customers cu ON cu.id = o.customer_id LEFT JOIN vouchers v ON v.id = o.voucher_id
       JOIN comms_messages m ON m.customer_id = o.customer_id AND m.campaign = $2 AND m.channel = 'email'
       WHERE o.recall_id = $1 AND cu.email IS NOT NULL AND o.value_minor > 0 ORDER BY o.id`, [recall.id, `recall:${recall.reference}`, target.lot_code, otherLot]);
    offers = rows.map((r) => ({ ...r, proof: new URL(r.url).searchParams.get('t')! }));
    expect(offers.length).toBeGreaterThan(2);
    expect(offers.every((o) => o.proof.length > 20), 'every notice link carries the proof').toBe(true);
  });

  it('refuses a product the recall does not cover, a wrong IBAN and a missing contact, naming the field', async () => {
    const notCovered = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, lot: 'NOT-THIS-LOT', quantity: 1, requested: 'voucher' });
    expect(notCovered.statusCode).toBe(422);
    expect(notCovered.json()).toMatchObject({ type: '/problems/recall.claim_not_recalled', errors: [{ field: 'body.code' }] });
    const noLot = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, quantity: 1, requested: 'voucher' });
    expect(noLot.json()).toMatchObject({ type: '/problems/recall.claim_needs_lot', errors: [{ field: 'body.lot' }] });
    const badIban = await claim({ name: 'Anna', email: 'anna@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'refund', account_holder: 'Anna Berg', iban: 'DE89 3704 0044 0532 0130 01' });
    expect(badIban.statusCode).toBe(400);
    expect(badIban.json().errors).toEqual([{ field: 'body.iban', message: expect.stringContaining('check digits') }]);
    const noContact = await claim({ name: 'Anna', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(noContact.json().errors[0].field).toBe('body.email');
    const noName = await claim({ email: 'anna@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(noName.json().errors[0].field).toBe('body.name');
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recall_claims')) as [{ n: number }];
    expect(n).toBe(0);
  });

  it("never gives a stranger who knows a customer's e-mail and the lot that customer's voucher, and answers as for any address", async () => {
    const victim = offers.find((o) => o.offer_type === 'voucher' && o.code)!;
    expect(victim, 'the demo has a loyal customer with a voucher offer on the lot').toBeDefined();
    const asVictim = await claim({ name: 'Stranger', email: victim.email, gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    const asNobody = await claim({ name: 'Stranger', email: 'nobody-we-know@example.org', gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(asVictim.statusCode, asVictim.body).toBe(201);
    expect(asVictim.body).not.toContain(victim.code!);
    // Known and unknown addresses get the same kind of answer: a walk-in's small voucher, never the customer's offer.
    const shape = (body: Record<string, unknown>) => ({ status: body.status, reason: body.reason, value_minor: body.value_minor, requested: body.requested });
    expect(asNobody.statusCode).toBe(201);
    expect(shape(asVictim.json())).toEqual(shape(asNobody.json()));
    expect(asVictim.json()).toMatchObject({ status: 'approved', reason: 'small voucher claim' });
    const [stored] = await t.db.query<{ customer_id: number | null; offer_id: number | null }>('SELECT customer_id, offer_id FROM recall_claims WHERE reference = $1', [asVictim.json().reference]);
    expect(stored).toEqual({ customer_id: null, offer_id: null });
    // Asking again with the address answers nothing of the first claim: not its voucher, not its link.
    const again = await claim({ name: 'Stranger', email: victim.email.toUpperCase(), gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'voucher' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: '/problems/recall.claim_exists' });
    expect(again.body).not.toContain(asVictim.json().voucher.code);
    expect(again.body).not.toContain('token');
  });

  it("leaves a refund to a stranger's IBAN to a person, out of the payout file, whoever's e-mail it names", async () => {
    const victim = refundOffer(0);
    const stolen = await claim({ name: 'Stranger', email: victim.email, gtin: target.gtin, lot: target.lot_code, quantity: 1, requested: 'refund', account_holder: 'Stranger', iban: DE_IBAN });
    expect(stolen.statusCode, stolen.body).toBe(201);
    expect(stolen.json()).toMatchObject({ status: 'review', reason: 'a refund to bank details from a claimant who has not proven who they are: a person checks' });
    const [stored] = await t.db.query<{ customer_id: number | null; status: string }>('SELECT customer_id, status FROM recall_claims WHERE reference = $1', [stolen.json().reference]);
    expect(stored).toEqual({ customer_id: null, status: 'review' });
    // The manager refuses it (the review task), so it never reaches the payout export below.
    const [task] = (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${encodeURIComponent(stolen.json().reference)}&status=open`, headers: { cookie: manager } })).json().items as { id: number }[];
    const done = await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/complete`, headers: { cookie: manager }, payload: { data: { decision: 'reject', note: 'Not the customer' } } });
    expect(done.statusCode, done.body).toBe(204);
    await settleActions(t);
  });

  it('pays out the refund the policy offered a known customer, who follows the link in their notice and types the lot as they read it', async () => {
    const offer = refundOffer(0);
    const lot = offer.lots.includes(target.lot_code) ? target.lot_code : otherLot;
    const response = await claim({
      proof: offer.proof, lang: 'sv', gtin: target.gtin, lot: typedSloppily(lot), quantity: 1, requested: 'refund', account_holder: 'Known Buyer', iban: SE_IBAN,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'approved', requested: 'refund', value_minor: Number(offer.value_minor), currency: offer.currency, reason: 'the refund offered at activation', voucher: null, refund_sent: false });
    const [stored] = await t.db.query<{ customer_id: number; lot: string; email: string }>('SELECT customer_id, lot, email FROM recall_claims WHERE reference = $1', [response.json().reference]);
    expect(stored).toEqual({ customer_id: Number(offer.customer_id), lot, email: offer.email });
    // The same customer again: their claim stands, nothing new is written.
    const again = await claim({ proof: offer.proof, gtin: target.gtin, lot, quantity: 9, requested: 'voucher' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ reference: response.json().reference, replayed: true, requested: 'refund' });
  });

  it('gives a known customer with the link the voucher already issued to them, once, never a second one', async () => {
    const offer = offers.find((o) => o.offer_type === 'voucher' && o.code)!;
    const lot = offer.lots.includes(target.lot_code) ? target.lot_code : otherLot;
    const before = await voucherCount();
    const collected = await claim({ proof: offer.proof, code: `(01)${target.gtin}(10)${lot}`, quantity: 1, requested: 'voucher' });
    expect(collected.statusCode, collected.body).toBe(201);
    expect(collected.json()).toMatchObject({ status: 'approved', value_minor: Number(offer.value_minor), voucher: { code: offer.code }, reason: 'the voucher offered at activation' });
    const again = await claim({ proof: offer.proof, gtin: target.gtin, lot, quantity: 1, requested: 'voucher' });
    expect(again.json()).toMatchObject({ reference: collected.json().reference, replayed: true, voucher: { code: offer.code } });
    expect(await voucherCount()).toBe(before);
  });

  it('takes from a proven customer only a lot they bought, and no link forged or for another recall', async () => {
    const onlyOne = offers.find((o) => o.lots.length === 1 && o.offer_type === 'refund' && o !== refundOffer(0));
    expect(onlyOne, 'the demo has a customer who bought one of the two lots').toBeDefined();
    const notTheirs = onlyOne!.lots[0] === target.lot_code ? otherLot : target.lot_code;
    const wrongLot = await claim({ proof: onlyOne!.proof, gtin: target.gtin, lot: notTheirs, quantity: 1, requested: 'refund', account_holder: 'Buyer', iban: SE_IBAN });
    expect(wrongLot.statusCode).toBe(422);
    expect(wrongLot.json()).toMatchObject({ type: '/problems/recall.claim_not_your_purchase', errors: [{ field: 'body.code' }] });
    const forged = await claim({ proof: `${onlyOne!.proof.slice(0, -2)}xx`, gtin: target.gtin, lot: onlyOne!.lots[0], quantity: 1, requested: 'voucher' });
    expect(forged.statusCode).toBe(403);
    const elsewhere = signToken(t.ctx.signingKey, { purpose: 'recall-offer', subject: String(onlyOne!.customer_id), recall: 'RC-2026-9999' }, new Date(t.clock.now().getTime() + 86_400_000));
    expect((await claim({ proof: elsewhere, gtin: target.gtin, lot: onlyOne!.lots[0], quantity: 1, requested: 'voucher' })).statusCode).toBe(403);
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recall_claims WHERE customer_id = $1', [onlyOne!.customer_id])) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('leaves a known customer asking for another kind than their offer to a person', async () => {
    const offer = refundOffer(1);
    const other = await claim({ proof: offer.proof, gtin: target.gtin, lot: offer.lots[0], quantity: 1, requested: 'voucher' });
    expect(other.json()).toMatchObject({ status: 'review', reason: 'already offered a refund at activation; asks for a voucher' });
  });

  it('e-mails a one-time code to an affected customer through the outbox, once, and its proof collects their offer', async () => {
    const offer = offers.find((o) => o.offer_type === 'voucher' && o.code && o !== offers.find((x) => x.offer_type === 'voucher' && x.code))!;
    expect(offer, 'the demo has a second customer with a voucher offer').toBeDefined();
    const askCode = (email: string) => post(`/api/public/recalls/${recall.reference}/claims/code`, { email });
    const confirm = (email: string, code: string) => post(`/api/public/recalls/${recall.reference}/claims/code/confirm`, { email, code });
    const codeMessages = () => t.db.query<{ contact_address: string; code: string }>(
      `SELECT contact_address, variables->>'code' AS code FROM comms_messages WHERE template_key = 'recall.claim_code' ORDER BY id`);

    // An address we do not know and one we do get the same answer; only ours gets a message.
    const unknown = await askCode('nobody-we-know@example.org');
    const known = await askCode(offer.email.toUpperCase());
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const sent = await codeMessages();
    expect(sent).toEqual([{ contact_address: offer.email, code: expect.stringMatching(/^\d{6}$/) }]);
    // At rest only a keyed hash: the code itself is nowhere in the table.
    const [row] = await t.db.query<{ code_hash: string }>('SELECT code_hash FROM recall_claim_codes ORDER BY id DESC LIMIT 1');
    expect(row!.code_hash).not.toContain(sent[0]!.code);

    const wrong = sent[0]!.code === '000000' ? '111111' : '000000';
    const bad = await confirm(offer.email, wrong);
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ type: '/problems/recall.claim_code_invalid' });
    expect((await confirm('nobody-we-know@example.org', sent[0]!.code)).body).toBe(bad.body);
    const good = await confirm(offer.email, sent[0]!.code);
    expect(good.statusCode, good.body).toBe(200);
    expect((await confirm(offer.email, sent[0]!.code)).statusCode, 'a code works once').toBe(422);

    const lot = offer.lots.includes(target.lot_code) ? target.lot_code : otherLot;
    const collected = await claim({ proof: good.json().proof, gtin: target.gtin, lot: typedSloppily(lot), quantity: 1, requested: 'voucher' });
    expect(collected.statusCode, collected.body).toBe(201);
    expect(collected.json()).toMatchObject({ status: 'approved', voucher: { code: offer.code }, reason: 'the voucher offered at activation' });
  });

  it('lets a code expire on the clock and die after five wrong tries, and sends at most three an hour', async () => {
    const offer = refundOffer(2);
    const askCode = () => post(`/api/public/recalls/${recall.reference}/claims/code`, { email: offer.email });
    const confirm = (code: string) => post(`/api/public/recalls/${recall.reference}/claims/code/confirm`, { email: offer.email, code });
    const latestCode = async () => (await t.db.query<{ code: string }>(
      `SELECT variables->>'code' AS code FROM comms_messages WHERE template_key = 'recall.claim_code' AND contact_address = $1 ORDER BY id DESC LIMIT 1`, [offer.email]))[0]!.code;

    await askCode();
    const first = await latestCode();
    t.clock.advance(16 * 60_000);
    expect((await confirm(first)).statusCode, 'expired after 15 minutes').toBe(422);

    await askCode();
    const second = await latestCode();
    const wrong = second === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await confirm(wrong)).statusCode).toBe(422);
    expect((await confirm(second)).statusCode, 'no sixth try, not even the right code').toBe(422);

    await askCode();
    const third = await latestCode();
    expect((await askCode()).statusCode).toBe(202);
    expect(await latestCode(), 'a fourth code within the hour is not sent').toBe(third);
    expect((await confirm(third)).statusCode).toBe(200);
  });

  it('approves a small voucher claim without a receipt and issues a voucher a shop can redeem', async () => {
    const response = await claim({ name: 'Walk-in', email: 'walk-in@example.org', gtin: target.gtin, lot: typedSloppily(target.lot_code), quantity: 1, requested: 'voucher' });
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

  it('leaves a large refund without proof to a manager, whose decision the process applies', async () => {
    const response = await claim({ name: 'Big Claimant', phone: '+46 70 123 45 67', gtin: target.gtin, lot: target.lot_code, quantity: 12, requested: 'refund', account_holder: 'Big Claimant', iban: DE_IBAN, bic: 'COBADEFFXXX' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'review' });
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
    expect(rows).toHaveLength(2); // the proven customer's refund and the one a manager approved; not the stranger's
    expect(rows.some((r) => r.includes('Stranger'))).toBe(false);
    const known = rows.find((r) => r.includes('SE4550000000058398257466'))!.split(',');
    expect(known[4]).toBe(decimalAmount(Number(refundOffer(0).value_minor), refundOffer(0).currency));
    expect(rows.find((r) => r.includes('DE89370400440532013000'))).toContain('COBADEFFXXX');
    // Exported once: a second export has nothing to pay, the batch downloads again unchanged.
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/payouts`, headers: { cookie: manager } })).statusCode).toBe(409);
    const again = await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/payouts/${batch.headers['x-payout-batch']}`, headers: { cookie: manager } });
    expect(again.body).toBe(batch.body);
    const claims = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/claims`, headers: { cookie: viewer } })).json();
    expect(claims.total).toBe(9);
    expect(claims.items.filter((c: { payout_batch_id: number | null }) => c.payout_batch_id !== null)).toHaveLength(2);
    // A viewer reads the claims' voucher codes masked; a manager reads them whole.
    type Listed = { voucher_code: string | null };
    const codes = (items: Listed[]) => items.map((c) => c.voucher_code).filter((code): code is string => code !== null);
    expect(codes(claims.items).length).toBeGreaterThan(0);
    for (const code of codes(claims.items)) expect(code).toMatch(/^[0-9A-Z]{4}-••••-••••-••••$/);
    const whole = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/claims`, headers: { cookie: manager } })).json();
    for (const code of codes(whole.items)) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
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

import { latestModelWithDecision, startInstance } from '../../engine/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { signToken } from '../../platform/links/signed-token.ts';
import { evaluateDecision } from '../../rules/index.ts';
import { matchLotCode } from '../../data/gs1/index.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from '../affected.sql.ts';
import { loadCompensationPolicy } from '../compensation/compensation-policy.ts';
import { newVoucherCode } from '../../compensation/index.ts';
import type { PublicLanguage } from '../landing/public-recall.ts';
import { readScannedUnit, type ScannedUnit } from '../stop-sale/scan-code.ts';
import { stopSaleIndexOf } from '../stop-sale/stop-sale-sync.ts';
import { normalizeBic, normalizeIban } from './bank-account.ts';
import { verifyOfferProof } from './claim-proof.ts';

/** The decision (in processes/recall-claim.dmn) that approves a claim at once or leaves it to a person. */
export const CLAIM_DECISION = 'recall-claim-approval';
export const CLAIM_TOKEN_PURPOSE = 'recall-claim';
const CLAIM_LINK_DAYS = 90;
const VOUCHER_VALIDITY_DAYS = 180;
const YEAR_MS = 365.25 * 86_400_000;

export interface ClaimInput {
  /** Required without proof; with it, the customer's name on file is used when absent. */
  name?: string;
  email?: string;
  phone?: string;
  language: PublicLanguage;
  code?: string;
  gtin?: string;
  lot?: string;
  quantity: number;
  requested: 'refund' | 'voucher';
  account_holder?: string;
  iban?: string;
  bic?: string;
  /** The notice link's token or a confirmed one-time code's (claim-proof.ts): who the claimant is. */
  proof?: string;
}

const invalid = (field: string, message: string, type: string) => new AppError('invalid', `${field}: ${message}`, type, { errors: [{ field: `body.${field}`, message }] });

/** What the claimant bought of the recalled product, as our records know it. */
interface RecordedPurchase {
  units: number;
  amount_minor: number;
  currency: string;
}

/**
 * A consumer's claim from the recall page (R6, R8). The unit must be one the recall blocks;
 * the claim's value is what the claimant paid (their own purchase when our records have it,
 * else the usual shelf price), a voucher being worth what the compensation policy gives and
 * never less. The claim rules (a DMN decision the business edits) approve it at once — a
 * voucher issued, or a refund queued for the payout export — or start the review process so
 * a person decides. One claim per consumer and recall; a repeat gets the first one back.
 */
export async function submitClaim(ctx: AppContext, reference: string, input: ClaimInput) {
  const [recall] = await ctx.db.query<{ id: number; status: string; policy_decision: string }>(
    'SELECT id, status, policy_decision FROM recalls WHERE reference = $1', [reference]);
  if (!recall || recall.status === 'draft') throw new AppError('not_found', `recall ${reference} was not found`);
  if (recall.status !== 'active') throw new AppError('conflict', `recall ${reference} is closed: claims are no longer taken`, 'recall.claims_closed');

  // Only a proof makes the claimant a customer we know: an e-mail address or phone number
  // typed in the form is never looked up, so a stranger who knows someone's address gets
  // exactly what an unknown address gets, and never that customer's offer (decision 020).
  const proven = input.proof ? verifyOfferProof(ctx, reference, input.proof) : null;
  const [customer] = proven
    ? await ctx.db.query<{ id: number; tier: string; customer_since: string | null; name: string; email: string | null; phone: string | null }>(
        'SELECT id, tier, customer_since, name, email, phone FROM customers WHERE id = $1', [proven.customerId])
    : [];
  if (proven && !customer) throw new AppError('forbidden', 'this link is not valid', 'recall.claim_proof', { errors: [{ field: 'body.proof', message: 'unknown customer' }] });
  const name = input.name?.trim() || customer?.name;
  if (!name) throw invalid('name', 'your name is required', 'recall.claim_name');
  const contactKey = customer ? `customer:${customer.id}` : input.email ? input.email.trim().toLowerCase() : input.phone?.replace(/[^0-9+]/g, '');
  if (!contactKey) throw invalid('email', 'an e-mail address or a phone number is required', 'recall.no_contact');
  const unit = await recalledUnit(ctx, recall.id, reference, readClaimedUnit(input));
  if (customer) await checkBoughtByCustomer(ctx.db, recall.id, customer.id, unit);
  const bank = input.requested === 'refund' ? bankDetails(input) : null;

  const [existing] = await ctx.db.query<{ id: number }>('SELECT id FROM recall_claims WHERE recall_id = $1 AND contact_key = $2', [recall.id, contactKey]);
  if (existing) return replay(ctx, existing.id, customer !== undefined);

  const recorded = customer ? await recordedPurchase(ctx.db, recall.id, customer.id, unit.gtin) : null;
  const price = recorded ? { unit_minor: Math.round(recorded.amount_minor / recorded.units), currency: recorded.currency } : await shelfPrice(ctx.db, unit.gtin);
  const paidMinor = price.unit_minor * input.quantity;

  const now = ctx.clock.now();
  const since = customer?.customer_since ? Date.parse(`${customer.customer_since}T00:00:00Z`) : now.getTime();
  const policy = await loadCompensationPolicy(ctx.db, recall.policy_decision);
  const offer = policy.offerFor({ tier: customer?.tier ?? 'standard', unitsBought: input.quantity, amountSpentMinor: paidMinor, yearsAsCustomer: Math.max(0, Math.floor((now.getTime() - since) / YEAR_MS)), channel: 'store' });
  const valueMinor = input.requested === 'voucher' && offer.offerType === 'voucher' ? Math.max(offer.valueMinor, paidMinor) : paidMinor;

  // A customer the policy already made an offer at activation collects that offer: the same
  // voucher, or the refund paid out. Asking for the other kind is for a person to weigh.
  const [priorOffer] = customer
    ? await ctx.db.query<{ id: number; offer_type: 'refund' | 'voucher'; value_minor: number; currency: string; voucher_id: number | null }>(
        'SELECT id, offer_type, value_minor, currency, voucher_id FROM recall_offers WHERE recall_id = $1 AND customer_id = $2 ORDER BY id LIMIT 1', [recall.id, customer.id])
    : [];
  const existingOffer = priorOffer && priorOffer.offer_type === input.requested ? priorOffer : null;
  const claimValue = existingOffer ? Number(existingOffer.value_minor) : valueMinor;
  const claimCurrency = existingOffer ? existingOffer.currency : price.currency;

  const facts = {
    purchaseOnRecord: recorded !== null,
    unitsClaimed: input.quantity,
    unitsOnRecord: recorded?.units ?? 0,
    valueMinor: claimValue,
    requested: input.requested,
  };
  const rules = await latestModelWithDecision(ctx.db, CLAIM_DECISION);
  if (!rules) throw new AppError('unprocessable', `no claim rules: deploy a DMN model with the decision ${CLAIM_DECISION}`, 'recall.no_claim_rules');
  const result = evaluateDecision(rules.model, CLAIM_DECISION, facts);
  const decided = result.value as { decision?: string; reason?: string } | null;
  // Anything the rules do not clearly approve goes to a person: a broken rule never pays out.
  let approve = result.errors.length === 0 && decided?.decision === 'approve' && claimValue > 0;
  let reason = approve ? decided?.reason ?? 'approved by the claim rules' : claimValue === 0 ? 'no price on record for this product' : decided?.reason ?? 'the claim rules gave no decision';
  if (existingOffer) [approve, reason] = [claimValue > 0, `the ${existingOffer.offer_type} offered at activation`];
  else if (priorOffer) [approve, reason] = [false, `already offered a ${priorOffer.offer_type} at activation; asks for a ${input.requested}`];
  // Money to bank details from someone who has not shown who they are is never paid on the
  // rules alone: anyone can type any IBAN, and a payout cannot be taken back.
  else if (!customer && input.requested === 'refund') [approve, reason] = [false, 'a refund to bank details from a claimant who has not proven who they are: a person checks'];

  const claimId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number; reference: string }>(
      // The reference carries the claim's own id, taken from the identity sequence first, so
      // two claims submitted at the same moment never compete for one number.
      `WITH next AS (SELECT nextval(pg_get_serial_sequence('recall_claims', 'id')) AS id)
       INSERT INTO recall_claims (id, recall_id, reference, contact_key, customer_id, name, email, phone, language, gtin, lot, serial, quantity, requested,
                                  value_minor, currency, account_holder, iban, bic, status, decision_rule, decision_reason, decided_by, decided_at, facts, submitted_at, offer_id, voucher_id)
       OVERRIDING SYSTEM VALUE
       SELECT next.id, $1::bigint, $2 || '-' || lpad(next.id::text, 5, '0'), $3::text, $4::bigint, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, $12::integer, $13::text,
              $14::bigint, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text, $21::text, $22::text, $23::timestamptz, $24::jsonb, $25::timestamptz, $26::bigint, $27::bigint FROM next
       ON CONFLICT (recall_id, contact_key) DO NOTHING
       RETURNING id, reference`,
      [recall.id, `CL-${reference.slice(3)}`, contactKey, customer?.id ?? null, name, customer ? customer.email : input.email ?? null, customer ? customer.phone : input.phone ?? null, input.language,
        unit.gtin, unit.lot, unit.serial, input.quantity, input.requested, claimValue, claimCurrency, bank?.account_holder ?? null, bank?.iban ?? null, bank?.bic ?? null,
        approve ? 'approved' : 'review', priorOffer ? null : result.appliedRules[0]?.ruleId ?? null, reason, approve ? (existingOffer ? 'offer made at activation' : `claim rules ${rules.decisionKey} v${rules.version}`) : null, approve ? now : null,
        JSON.stringify({ ...facts, compensation_rule: offer.ruleId, policy: policy.source }), now, existingOffer?.id ?? null, existingOffer?.voucher_id ?? null],
    );
    if (!row) return null; // the same consumer claimed a moment ago: theirs stands
    if (approve && input.requested === 'voucher' && !existingOffer) await issueClaimVoucher(tx, now, row.id);
    if (!approve) {
      const instance = await startInstance({ db: tx, clock: ctx.clock }, {
        processId: 'recall-claim',
        businessKey: row.reference,
        variables: { claimId: row.id, recallReference: reference, valueMinor: claimValue, currency: claimCurrency, requested: input.requested, reason },
        actor: { kind: 'system', label: 'recall claim form' },
      });
      await tx.query('UPDATE recall_claims SET instance_id = $2 WHERE id = $1', [row.id, instance.instanceId]);
    }
    return row.id;
  });
  if (claimId === null) {
    const [first] = await ctx.db.query<{ id: number }>('SELECT id FROM recall_claims WHERE recall_id = $1 AND contact_key = $2', [recall.id, contactKey]);
    return replay(ctx, first!.id, customer !== undefined);
  }
  return { ...(await claimView(ctx.db, claimId)), replayed: false, status_url: statusUrl(ctx, claimId) };
}

/**
 * A claim made again for the same customer (or, without proof, the same e-mail or phone).
 * With proof it is theirs to see again; without, the caller may be anyone who knows the
 * address, so nothing of the first claim — its voucher, its status link — is given back.
 */
async function replay(ctx: AppContext, claimId: number, proven: boolean) {
  if (!proven) {
    throw new AppError('conflict', 'a claim for this recall was already made with this e-mail address or phone number: open it with the link shown when it was made, or, if we wrote to you about this recall, confirm it is you with a code', 'recall.claim_exists');
  }
  return { ...(await claimView(ctx.db, claimId)), replayed: true, status_url: statusUrl(ctx, claimId) };
}

/**
 * The unit must be one this recall covers: a serial the stop-sale list blocks, or a lot of
 * the recall matched the way packs print (data/gs1/lot-code: case, separators, leading zeros),
 * so "l2609 2943" claims lot L2609-2943. The claim records the lot as printed.
 */
async function recalledUnit(ctx: AppContext, recallId: number, reference: string, unit: ScannedUnit): Promise<ScannedUnit> {
  if (unit.serial) {
    const answer = stopSaleIndexOf(ctx).check(unit.gtin, null, unit.serial);
    if (answer.status === 'blocked' && answer.recall.reference === reference) return unit;
  }
  const lots = await ctx.db.query<{ lot_code: string }>(
    `WITH ${AFFECTED_LOTS_CTE} SELECT al.lot_code FROM affected_lots al JOIN products p ON p.id = al.product_id WHERE p.gtin = $2 ORDER BY al.lot_code`,
    [recallId, unit.gtin]);
  if (!unit.lot && !unit.serial && lots.length) {
    const why = 'add the lot number printed on the pack';
    throw new AppError('unprocessable', why, 'recall.claim_needs_lot', { errors: [{ field: 'body.lot', message: why }] });
  }
  const [printed] = unit.lot ? matchLotCode(unit.lot, lots, (l) => l.lot_code) : [];
  if (!printed) {
    const why = `this product and lot are not part of recall ${reference}`;
    throw new AppError('unprocessable', why, 'recall.claim_not_recalled', { errors: [{ field: 'body.code', message: why }] });
  }
  return { ...unit, lot: printed.lot_code };
}

/** A proven customer claims for what they bought: the lot (or serial) must be on their own purchase lines. */
async function checkBoughtByCustomer(db: Db, recallId: number, customerId: number, unit: ScannedUnit): Promise<void> {
  const bought = await db.query<{ lot_code: string | null; serial: string | null }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT DISTINCT l.lot_code, al.serial FROM affected_lines al JOIN products p ON p.id = al.product_id LEFT JOIN lots l ON l.id = al.lot_id
     WHERE al.customer_id = $2 AND p.gtin = $3`,
    [recallId, customerId, unit.gtin]);
  const bySerial = unit.serial !== null && bought.some((b) => b.serial === unit.serial);
  const byLot = unit.lot !== null && matchLotCode(unit.lot, bought.filter((b) => b.lot_code !== null), (b) => b.lot_code!).length > 0;
  if (!bySerial && !byLot) {
    const why = 'our records show no purchase of this lot by you: check the lot on the pack against the lots named in the message we sent you';
    throw new AppError('unprocessable', why, 'recall.claim_not_your_purchase', { errors: [{ field: 'body.code', message: why }] });
  }
}

function readClaimedUnit(input: ClaimInput) {
  try {
    return readScannedUnit({ code: input.code, gtin: input.gtin, lot: input.lot });
  } catch (error) {
    if (error instanceof AppError) throw invalid(input.code ? 'code' : 'gtin', error.message.replace(/^(code|gtin): /, ''), 'recall.claim_bad_code');
    throw error;
  }
}

function bankDetails(input: ClaimInput) {
  if (!input.account_holder?.trim()) throw invalid('account_holder', 'the account holder is required for a refund', 'recall.claim_bank');
  if (!input.iban) throw invalid('iban', 'an IBAN is required for a refund', 'recall.claim_bank');
  const iban = normalizeIban(input.iban);
  if (!iban.ok) throw invalid('iban', iban.message, 'recall.claim_bank');
  const bic = input.bic ? normalizeBic(input.bic) : null;
  if (input.bic && !bic) throw invalid('bic', 'a BIC has 8 or 11 letters and digits, e.g. NDEASESS', 'recall.claim_bank');
  return { account_holder: input.account_holder.trim(), iban: iban.iban, bic };
}

async function recordedPurchase(db: Db, recallId: number, customerId: number, gtin: string): Promise<RecordedPurchase | null> {
  const [row] = await db.query<RecordedPurchase>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT sum(al.quantity)::bigint AS units, sum(al.quantity * al.unit_price_minor)::bigint AS amount_minor, min(al.currency) AS currency
     FROM affected_lines al JOIN products p ON p.id = al.product_id
     WHERE al.customer_id = $2 AND p.gtin = $3 HAVING sum(al.quantity) > 0`,
    [recallId, customerId, gtin],
  );
  return row ? { units: Number(row.units), amount_minor: Number(row.amount_minor), currency: row.currency } : null;
}

/** The usual price of the product: the median unit price of its sales in its main currency. */
async function shelfPrice(db: Db, gtin: string): Promise<{ unit_minor: number; currency: string }> {
  const [row] = await db.query<{ unit_minor: number; currency: string }>(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ol.unit_price_minor)::bigint AS unit_minor, ol.currency
     FROM order_lines ol JOIN products p ON p.id = ol.product_id WHERE p.gtin = $1
     GROUP BY ol.currency ORDER BY count(*) DESC LIMIT 1`,
    [gtin],
  );
  return row ? { unit_minor: Number(row.unit_minor), currency: row.currency } : { unit_minor: 0, currency: 'EUR' };
}

/** Issues the voucher an approved voucher claim carries (in the caller's transaction). */
export async function issueClaimVoucher(tx: Db, now: Date, claimId: number): Promise<void> {
  await tx.query(
    `WITH claim AS (SELECT id, recall_id, customer_id, value_minor, currency FROM recall_claims WHERE id = $1 AND voucher_id IS NULL),
          issued AS (
            INSERT INTO vouchers (code, recall_id, customer_id, value_minor, currency, issued_at, expires_at)
            SELECT $2, recall_id, customer_id, value_minor, currency, $3, $4 FROM claim RETURNING id)
     UPDATE recall_claims SET voucher_id = (SELECT id FROM issued) WHERE id = $1 AND EXISTS (SELECT 1 FROM issued)`,
    [claimId, newVoucherCode(), now, new Date(now.getTime() + VOUCHER_VALIDITY_DAYS * 86_400_000)],
  );
}

export function statusUrl(ctx: AppContext, claimId: number): string {
  const expires = new Date(ctx.clock.now().getTime() + CLAIM_LINK_DAYS * 86_400_000);
  return `/p/claim?token=${signToken(ctx.signingKey, { purpose: CLAIM_TOKEN_PURPOSE, subject: String(claimId) }, expires)}`;
}

/** A claim as its claimant may see it: no bank details, no internal facts. */
export async function claimView(db: Db, claimId: number) {
  const [row] = await db.query<{
    reference: string; recall_reference: string; status: string; requested: string; value_minor: number; currency: string; quantity: number;
    decision_reason: string | null; submitted_at: Date; decided_at: Date | null; voucher_code: string | null; voucher_expires_at: Date | null; paid: boolean; language: string;
  }>(
    `SELECT c.reference, r.reference AS recall_reference, c.status, c.requested, c.value_minor, c.currency, c.quantity, c.decision_reason, c.submitted_at, c.decided_at,
            v.code AS voucher_code, v.expires_at AS voucher_expires_at, c.payout_batch_id IS NOT NULL AS paid, c.language
     FROM recall_claims c JOIN recalls r ON r.id = c.recall_id LEFT JOIN vouchers v ON v.id = c.voucher_id WHERE c.id = $1`,
    [claimId],
  );
  if (!row) throw new AppError('not_found', 'no such claim');
  return {
    reference: row.reference,
    recall_reference: row.recall_reference,
    status: row.status as 'approved' | 'review' | 'rejected',
    requested: row.requested as 'refund' | 'voucher',
    value_minor: Number(row.value_minor),
    currency: row.currency,
    quantity: row.quantity,
    reason: row.decision_reason,
    submitted_at: row.submitted_at.toISOString(),
    decided_at: row.decided_at?.toISOString() ?? null,
    voucher: row.voucher_code ? { code: row.voucher_code, expires_at: row.voucher_expires_at!.toISOString() } : null,
    refund_sent: row.paid,
    language: row.language,
  };
}

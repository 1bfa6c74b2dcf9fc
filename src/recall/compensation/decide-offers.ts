import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { takeAffectedConsumers } from '../activation/affected-consumers.sql.ts';
import { purchaseFacts, type ConsumerFacts } from '../impact-preview.ts';
import { loadCompensationPolicy } from './compensation-policy.ts';
import { newVoucherCodes } from '../../compensation/index.ts';

const VOUCHER_VALIDITY_DAYS = 180;
const CHUNK = 10_000;

// Vouchers and the offers that carry them in one statement per chunk, from parallel arrays
// (unnest), so no chunk is a JSON document to parse and no offer looks its voucher up by code.
const RECORD_CHUNK_SQL = `WITH r AS (
    SELECT * FROM unnest($4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[],
                         $10::text[], $11::bigint[], $12::bigint[], $13::int[], $14::text[])
      AS r(customer_id, currency, offer_type, value_minor, rule_id, voucher_code, tier, units, amount_minor, years, channel)),
  issued AS (
    INSERT INTO vouchers (code, recall_id, customer_id, value_minor, currency, issued_at, expires_at)
    SELECT r.voucher_code, $1, r.customer_id, r.value_minor, r.currency, $2, $3 FROM r WHERE r.voucher_code IS NOT NULL
    RETURNING id, code),
  decided AS (
    INSERT INTO recall_offers (recall_id, customer_id, currency, offer_type, value_minor, rule_id, facts, decided_at, voucher_id)
    SELECT $1, r.customer_id, r.currency, r.offer_type, r.value_minor, r.rule_id,
           jsonb_build_object('tier', r.tier, 'unitsBought', r.units, 'amountSpentMinor', r.amount_minor, 'yearsAsCustomer', r.years, 'channel', r.channel),
           $2, i.id
    FROM r LEFT JOIN issued i ON i.code = r.voucher_code
    RETURNING voucher_id)
  SELECT count(*)::int AS offers, count(voucher_id)::int AS vouchers FROM decided`;

/**
 * Runs the recall's compensation policy over every identified consumer and records each
 * offer with its facts and rule (R7, R8), issuing a voucher where the offer is one — all in
 * the caller's transaction, in chunks, so a million consumers never become a million
 * statements. The consumers are the recall's affected population, taken here once
 * (affected-consumers.sql.ts) for this step and the notices after it. Re-running keeps
 * earlier offers (one per consumer and currency).
 */
export async function decideOffers(tx: Db, clock: Clock, recallId: number): Promise<{ offers: number; vouchers: number }> {
  await takeAffectedConsumers(tx, clock, recallId);
  const [recall] = await tx.query<{ policy_decision: string; estimated: boolean }>(
    'SELECT policy_decision, estimated_compensation IS NOT NULL AS estimated FROM recalls WHERE id = $1', [recallId]);
  const policy = await loadCompensationPolicy(tx, recall!.policy_decision);
  const consumers = await tx.query<ConsumerFacts>(
    `SELECT a.customer_id, a.tier, a.customer_since, a.currency, a.units, a.amount_minor, a.online
     FROM recall_affected_consumers a
     WHERE a.recall_id = $1
       AND NOT EXISTS (SELECT 1 FROM recall_offers o WHERE o.recall_id = $1 AND o.customer_id = a.customer_id AND o.currency = a.currency)
       -- Someone who already claimed on the recall page (before this step ran) is compensated by that claim.
       AND NOT EXISTS (SELECT 1 FROM recall_claims c WHERE c.recall_id = $1 AND c.customer_id = a.customer_id AND c.status <> 'rejected')
     ORDER BY a.customer_id, a.currency`,
    [recallId],
  );
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + VOUCHER_VALIDITY_DAYS * 86_400_000);
  let offers = 0;
  let vouchers = 0;
  // What the policy costs at activation, per currency and rule: the dashboard's estimate,
  // the same figures the impact preview simulated (impact-preview.ts, simulateCompensation).
  const byCurrency = new Map<string, { currency: string; consumers: number; refund_minor: number; voucher_minor: number; total_minor: number }>();
  const byRule = new Map<string, number>();
  for (let start = 0; start < consumers.length; start += CHUNK) {
    const chunk = consumers.slice(start, start + CHUNK);
    const codes = newVoucherCodes(chunk.length);
    // Column arrays for unnest; the facts go as columns too and become jsonb in SQL, so no
    // JSON text is built, escaped into an array literal and parsed again per consumer.
    const columns = {
      customerIds: [] as number[], currencies: [] as string[], offerTypes: [] as string[], values: [] as number[], rules: [] as (string | null)[], codes: [] as (string | null)[],
      tiers: [] as string[], units: [] as number[], amounts: [] as number[], years: [] as number[], channels: [] as string[],
    };
    chunk.forEach((consumer, i) => {
      const facts = purchaseFacts(consumer, now);
      const offer = policy.offerFor(facts);
      const cost = byCurrency.get(consumer.currency) ?? { currency: consumer.currency, consumers: 0, refund_minor: 0, voucher_minor: 0, total_minor: 0 };
      cost.consumers++;
      cost[offer.offerType === 'refund' ? 'refund_minor' : 'voucher_minor'] += offer.valueMinor;
      cost.total_minor += offer.valueMinor;
      byCurrency.set(consumer.currency, cost);
      byRule.set(offer.ruleId ?? '(none)', (byRule.get(offer.ruleId ?? '(none)') ?? 0) + 1);
      columns.customerIds.push(consumer.customer_id);
      columns.currencies.push(consumer.currency);
      columns.offerTypes.push(offer.offerType);
      columns.values.push(offer.valueMinor);
      columns.rules.push(offer.ruleId);
      columns.codes.push(offer.offerType === 'voucher' && offer.valueMinor > 0 ? codes[i]! : null);
      columns.tiers.push(facts.tier);
      columns.units.push(facts.unitsBought);
      columns.amounts.push(facts.amountSpentMinor);
      columns.years.push(facts.yearsAsCustomer);
      columns.channels.push(facts.channel);
    });
    const [recorded] = await tx.query<{ offers: number; vouchers: number }>(RECORD_CHUNK_SQL, [
      recallId, now, expiresAt, columns.customerIds, columns.currencies, columns.offerTypes, columns.values, columns.rules, columns.codes,
      columns.tiers, columns.units, columns.amounts, columns.years, columns.channels,
    ]);
    offers += recorded!.offers;
    vouchers += recorded!.vouchers;
  }
  if (!recall!.estimated) {
    const estimate = {
      policy: { decision: policy.decision, source: policy.source },
      by_currency: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      by_rule: [...byRule].map(([rule, count]) => ({ rule, consumers: count })),
    };
    await tx.query('UPDATE recalls SET estimated_compensation = coalesce(estimated_compensation, $2) WHERE id = $1', [recallId, JSON.stringify(estimate)]);
  }
  return { offers, vouchers };
}

import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { CONSUMER_FACTS_SQL, purchaseFacts, type ConsumerFacts } from '../impact-preview.ts';
import { loadCompensationPolicy } from './compensation-policy.ts';
import { newVoucherCode } from './voucher-code.ts';

const VOUCHER_VALIDITY_DAYS = 180;
const CHUNK = 5_000;

/**
 * Runs the recall's compensation policy over every identified consumer and records each
 * offer with its facts and rule (R7, R8), issuing a voucher where the offer is one — all in
 * the caller's transaction, in chunks, so a million consumers never become a million
 * statements. Re-running keeps earlier offers (one per consumer and currency).
 */
export async function decideOffers(tx: Db, clock: Clock, recallId: number): Promise<{ offers: number; vouchers: number }> {
  const [recall] = await tx.query<{ policy_decision: string; estimated: boolean }>(
    'SELECT policy_decision, estimated_compensation IS NOT NULL AS estimated FROM recalls WHERE id = $1', [recallId]);
  const policy = await loadCompensationPolicy(tx, recall!.policy_decision);
  const consumers = await tx.query<ConsumerFacts>(
    `SELECT f.* FROM (${CONSUMER_FACTS_SQL}) f
     WHERE NOT EXISTS (SELECT 1 FROM recall_offers o WHERE o.recall_id = $1 AND o.customer_id = f.customer_id AND o.currency = f.currency)
       -- Someone who already claimed on the recall page (before this step ran) is compensated by that claim.
       AND NOT EXISTS (SELECT 1 FROM recall_claims c WHERE c.recall_id = $1 AND c.customer_id = f.customer_id AND c.status <> 'rejected')`,
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
    const rows = consumers.slice(start, start + CHUNK).map((consumer) => {
      const facts = purchaseFacts(consumer, now);
      const offer = policy.offerFor(facts);
      const cost = byCurrency.get(consumer.currency) ?? { currency: consumer.currency, consumers: 0, refund_minor: 0, voucher_minor: 0, total_minor: 0 };
      cost.consumers++;
      cost[offer.offerType === 'refund' ? 'refund_minor' : 'voucher_minor'] += offer.valueMinor;
      cost.total_minor += offer.valueMinor;
      byCurrency.set(consumer.currency, cost);
      byRule.set(offer.ruleId ?? '(none)', (byRule.get(offer.ruleId ?? '(none)') ?? 0) + 1);
      return {
        customer_id: consumer.customer_id,
        currency: consumer.currency,
        offer_type: offer.offerType,
        value_minor: offer.valueMinor,
        rule_id: offer.ruleId,
        facts,
        voucher_code: offer.offerType === 'voucher' && offer.valueMinor > 0 ? newVoucherCode() : null,
      };
    });
    const issued = await tx.query<{ id: number }>(
      `INSERT INTO vouchers (code, recall_id, customer_id, value_minor, currency, issued_at, expires_at)
       SELECT r.voucher_code, $1, r.customer_id, r.value_minor, r.currency, $2, $3
       FROM jsonb_to_recordset($4::jsonb) AS r(voucher_code text, customer_id bigint, value_minor bigint, currency text)
       WHERE r.voucher_code IS NOT NULL
       RETURNING id`,
      [recallId, now, expiresAt, JSON.stringify(rows)],
    );
    const decided = await tx.query<{ id: number }>(
      `INSERT INTO recall_offers (recall_id, customer_id, currency, offer_type, value_minor, rule_id, facts, decided_at, voucher_id)
       SELECT $1, r.customer_id, r.currency, r.offer_type, r.value_minor, r.rule_id, r.facts, $2, v.id
       FROM jsonb_to_recordset($3::jsonb) AS r(customer_id bigint, currency text, offer_type text, value_minor bigint, rule_id text, facts jsonb, voucher_code text)
       LEFT JOIN vouchers v ON v.code = r.voucher_code
       RETURNING id`,
      [recallId, now, JSON.stringify(rows)],
    );
    offers += decided.length;
    vouchers += issued.length;
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

import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from './affected.sql.ts';
import { loadCompensationPolicy, type PurchaseFacts } from './compensation/compensation-policy.ts';
import { getRecall } from './define-recall.ts';

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** One identified consumer's purchases of the recalled units, per currency. */
export interface ConsumerFacts {
  customer_id: number;
  tier: string;
  customer_since: string | null;
  currency: string;
  units: number;
  amount_minor: number;
  online: boolean;
}

export const CONSUMER_FACTS_SQL = `WITH ${AFFECTED_LINES_CTE}
  SELECT al.customer_id, cu.tier, cu.customer_since, al.currency, sum(al.quantity)::bigint AS units,
         sum(al.quantity * al.unit_price_minor)::bigint AS amount_minor, bool_or(al.channel = 'online') AS online
  FROM affected_lines al JOIN customers cu ON cu.id = al.customer_id
  GROUP BY al.customer_id, cu.tier, cu.customer_since, al.currency`;

export function purchaseFacts(row: ConsumerFacts, now: Date): PurchaseFacts {
  const since = row.customer_since ? Date.parse(`${row.customer_since}T00:00:00Z`) : now.getTime();
  return {
    tier: row.tier,
    unitsBought: row.units,
    amountSpentMinor: row.amount_minor,
    yearsAsCustomer: Math.max(0, Math.floor((now.getTime() - since) / YEAR_MS)),
    channel: row.online ? 'online' : 'store',
  };
}

/**
 * Everything a quality manager needs before pressing "activate" (R2, R3, P3): the lots,
 * where the units went and are still on shelves, who bought them, how each can be reached,
 * and what the current compensation policy would cost over the whole affected population.
 */
export async function impactPreview(db: Db, clock: Clock, recallId: number) {
  const recall = await getRecall(db, recallId);
  const lots = await db.query(
    `WITH ${AFFECTED_LOTS_CTE}
     SELECT p.gtin, p.name AS product_name, al.lot_code, al.produced_on, al.expires_on, al.quantity_produced
     FROM affected_lots al JOIN products p ON p.id = al.product_id ORDER BY p.gtin, al.lot_code`,
    [recallId],
  );
  const locations = await db.query<{ chain: string | null; kind: string; received: number; sold: number; in_stock: number }>(
    `WITH ${AFFECTED_LINES_CTE},
     movements AS (
       SELECT m.location_id, sum(m.quantity) FILTER (WHERE e.biz_step = 'receiving')::bigint AS received,
              sum(m.quantity) FILTER (WHERE e.biz_step = 'shipping')::bigint AS shipped
       FROM lot_movements m JOIN supply_events e ON e.id = m.supply_event_id
       WHERE m.lot_id IN (SELECT id FROM affected_lots) AND e.error_declared_at IS NULL AND m.location_id IS NOT NULL
       GROUP BY m.location_id),
     sold AS (SELECT location_id, sum(quantity)::bigint AS sold FROM affected_lines WHERE location_id IS NOT NULL GROUP BY location_id)
     SELECT loc.id, loc.external_id, loc.name, loc.kind, loc.chain, loc.region, loc.city,
            coalesce(mv.shipped, 0) AS shipped, coalesce(mv.received, 0) AS received, coalesce(s.sold, 0) AS sold,
            greatest(coalesce(mv.received, 0) - coalesce(s.sold, 0), 0) AS in_stock
     FROM locations loc LEFT JOIN movements mv ON mv.location_id = loc.id LEFT JOIN sold s ON s.location_id = loc.id
     WHERE mv.location_id IS NOT NULL OR s.location_id IS NOT NULL
     ORDER BY loc.chain NULLS LAST, loc.name`,
    [recallId],
  );
  const [sales] = await db.query<Record<string, number>>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT coalesce(sum(quantity), 0)::bigint AS sold,
            coalesce(sum(quantity) FILTER (WHERE channel = 'online'), 0)::bigint AS sold_online,
            coalesce(sum(quantity) FILTER (WHERE customer_id IS NOT NULL), 0)::bigint AS sold_to_identified,
            coalesce(sum(quantity) FILTER (WHERE customer_id IS NULL), 0)::bigint AS sold_anonymous,
            count(DISTINCT customer_id)::bigint AS identified_consumers
     FROM affected_lines`,
    [recallId],
  );
  // One message per consumer on the best channel they accepted: e-mail, else SMS.
  const [reach] = await db.query<Record<string, number>>(
    `WITH ${AFFECTED_LINES_CTE},
     consumers AS (SELECT DISTINCT customer_id FROM affected_lines WHERE customer_id IS NOT NULL),
     channels AS (
       SELECT c.customer_id,
              bool_or(k.channel = 'email' AND k.granted AND cu.email IS NOT NULL) AS email,
              bool_or(k.channel = 'sms' AND k.granted AND cu.phone IS NOT NULL) AS sms
       FROM consumers c JOIN customers cu ON cu.id = c.customer_id
       LEFT JOIN customer_consents k ON k.customer_id = c.customer_id
       GROUP BY c.customer_id)
     SELECT count(*) FILTER (WHERE email)::bigint AS email,
            count(*) FILTER (WHERE NOT coalesce(email, false) AND sms)::bigint AS sms,
            count(*) FILTER (WHERE NOT coalesce(email, false) AND NOT coalesce(sms, false))::bigint AS unreachable
     FROM channels`,
    [recallId],
  );
  const compensation = await simulateCompensation(db, clock, recallId, recall.policy_decision);
  const totals = {
    lots: lots.length,
    produced: lots.reduce((sum, l) => sum + Number((l as { quantity_produced: number | null }).quantity_produced ?? 0), 0),
    shipped: locations.reduce((sum, l) => sum + Number((l as unknown as { shipped: number }).shipped), 0),
    received: locations.reduce((sum, l) => sum + Number(l.received), 0),
    in_stock: locations.reduce((sum, l) => sum + Number(l.in_stock), 0),
    ...sales,
  };
  const byChain = Object.values(
    locations
      .filter((l) => l.kind === 'store')
      .reduce<Record<string, { chain: string; stores: number; sold: number; in_stock: number }>>((acc, l) => {
        const chain = l.chain ?? '(no chain)';
        const entry = (acc[chain] ??= { chain, stores: 0, sold: 0, in_stock: 0 });
        entry.stores++;
        entry.sold += Number(l.sold);
        entry.in_stock += Number(l.in_stock);
        return acc;
      }, {}),
  );
  return { recall: { id: recall.id, reference: recall.reference, status: recall.status, classification: recall.classification }, totals, lots, locations, by_chain: byChain, reach, compensation };
}

/** Runs the policy over every identified consumer: the cost of a recall before it starts (P3). */
export async function simulateCompensation(db: Db, clock: Clock, recallId: number, decision: string) {
  const policy = await loadCompensationPolicy(db, decision);
  const consumers = await db.query<ConsumerFacts>(CONSUMER_FACTS_SQL, [recallId]);
  const now = clock.now();
  const byCurrency = new Map<string, { currency: string; consumers: number; refund_minor: number; voucher_minor: number; total_minor: number }>();
  const byRule = new Map<string, number>();
  for (const row of consumers) {
    const offer = policy.offerFor(purchaseFacts(row, now));
    const entry = byCurrency.get(row.currency) ?? { currency: row.currency, consumers: 0, refund_minor: 0, voucher_minor: 0, total_minor: 0 };
    entry.consumers++;
    entry[offer.offerType === 'refund' ? 'refund_minor' : 'voucher_minor'] += offer.valueMinor;
    entry.total_minor += offer.valueMinor;
    byCurrency.set(row.currency, entry);
    byRule.set(offer.ruleId ?? '(none)', (byRule.get(offer.ruleId ?? '(none)') ?? 0) + 1);
  }
  return {
    policy: { decision: policy.decision, source: policy.source },
    by_currency: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    by_rule: [...byRule].map(([rule, consumers]) => ({ rule, consumers })),
  };
}

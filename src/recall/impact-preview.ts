import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from './affected.sql.ts';
import { loadCompensationPolicy, type PurchaseFacts } from './compensation/compensation-policy.ts';
import { getRecall } from './define-recall.ts';
import { REACH_OF_AFFECTED_LINES, summariseReach } from './activation/consumer-reach.sql.ts';
import { plannedStaffRoles, staffReach } from './activation/staff-reach.ts';
import { partnerStores } from './partners/notify-partners.ts';
import { partnerReach } from './partners/partner-reach.ts';
import { asNoticeLanguage, type NoticeLanguage } from './activation/notice-variables.ts';
import { possiblyAffected } from './activation/check-lot-notices.ts';
import { stockBalance, unitsBalance, type StockBalance } from './stock-balance.ts';

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

/** One location's row of the preview: where it is, and its stock balance for the recalled lots. */
export interface LocationImpact extends StockBalance {
  id: number;
  external_id: string;
  name: string;
  kind: string;
  chain: string | null;
  region: string | null;
  city: string | null;
}

/**
 * Everything a quality manager needs before pressing "activate" (R2, R3, P3): the lots,
 * where the units went and are still on shelves — and how many nobody recorded —, who bought
 * them, how each can be reached and who cannot, which partners and staff groups will and will
 * not be told, and what the current compensation policy would cost over the whole population.
 * Reach comes from the same decisions the activation steps take (consumer-reach.sql.ts,
 * partner-reach.ts, staff-reach.ts), so the preview is what will happen.
 */
export async function impactPreview(db: Db, clock: Clock, recallId: number) {
  const recall = await getRecall(db, recallId);
  const lots = await db.query<{ gtin: string; product_name: string; lot_code: string; produced_on: string | null; expires_on: string | null; quantity_produced: number | null }>(
    `WITH ${AFFECTED_LOTS_CTE}
     SELECT p.gtin, p.name AS product_name, al.lot_code, al.produced_on, al.expires_on, al.quantity_produced
     FROM affected_lots al JOIN products p ON p.id = al.product_id ORDER BY p.gtin, al.lot_code`,
    [recallId],
  );
  const locationRows = await db.query<Omit<LocationImpact, keyof StockBalance> & { received: number; shipped: number; sold: number }>(
    `WITH ${AFFECTED_LINES_CTE},
     movements AS (
       SELECT m.location_id, sum(m.quantity) FILTER (WHERE e.biz_step = 'receiving')::bigint AS received,
              sum(m.quantity) FILTER (WHERE e.biz_step = 'shipping')::bigint AS shipped
       FROM lot_movements m JOIN supply_events e ON e.id = m.supply_event_id
       WHERE m.lot_id IN (SELECT id FROM affected_lots) AND e.error_declared_at IS NULL AND m.location_id IS NOT NULL
       GROUP BY m.location_id),
     sold AS (SELECT location_id, sum(quantity)::bigint AS sold FROM affected_lines WHERE location_id IS NOT NULL GROUP BY location_id)
     SELECT loc.id, loc.external_id, loc.name, loc.kind, loc.chain, loc.region, loc.city,
            coalesce(mv.shipped, 0) AS shipped, coalesce(mv.received, 0) AS received, coalesce(s.sold, 0) AS sold
     FROM locations loc LEFT JOIN movements mv ON mv.location_id = loc.id LEFT JOIN sold s ON s.location_id = loc.id
     WHERE mv.location_id IS NOT NULL OR s.location_id IS NOT NULL
     ORDER BY loc.chain NULLS LAST, loc.name`,
    [recallId],
  );
  const locations: LocationImpact[] = locationRows.map(({ received, shipped, sold, ...where }) => ({ ...where, ...stockBalance(Number(received), Number(shipped), Number(sold)) }));
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
  const reach = summariseReach(await db.query<{ channel: string | null; rule: string | null; unreachable_reason: string | null; consumers: number }>(
    `${REACH_OF_AFFECTED_LINES} SELECT channel, rule, unreachable_reason, count(*)::bigint AS consumers FROM consumer_reach GROUP BY 1, 2, 3`, [recallId]));
  const partners = await partnerReach(db, await partnerStores(db, recallId));
  const staff = await staffReach(db, await plannedStaffRoles(db, recall));
  const compensation = await simulateCompensation(db, clock, recallId, recall.policy_decision);
  const untranslated = untranslatedTexts(recall, await db.query<{ language: string | null; consumers: number }>(
    `WITH ${AFFECTED_LINES_CTE} SELECT cu.language, count(DISTINCT cu.id)::bigint AS consumers FROM affected_lines al JOIN customers cu ON cu.id = al.customer_id GROUP BY 1`, [recallId]));
  const sum = (pick: (l: LocationImpact) => number) => locations.reduce((total, l) => total + pick(l), 0);
  const produced = lots.some((l) => l.quantity_produced === null) ? null : lots.reduce((total, l) => total + Number(l.quantity_produced), 0);
  const inStock = sum((l) => l.in_stock ?? 0);
  const totals = {
    lots: lots.length,
    shipped: sum((l) => l.shipped),
    received: sum((l) => l.received),
    without_receipt: sum((l) => l.without_receipt),
    locations_stock_unknown: locations.filter((l) => l.in_stock === null).length,
    ...sales,
    ...unitsBalance(produced, Number(sales!.sold), inStock),
  };
  const byChain = Object.values(
    locations
      .filter((l) => l.kind === 'store')
      .reduce<Record<string, { chain: string; stores: number; received: number; sold: number; in_stock: number; without_receipt: number }>>((acc, l) => {
        const chain = l.chain ?? '(no chain)';
        const entry = (acc[chain] ??= { chain, stores: 0, received: 0, sold: 0, in_stock: 0, without_receipt: 0 });
        entry.stores++;
        entry.received += l.received;
        entry.sold += l.sold;
        entry.in_stock += l.in_stock ?? 0;
        entry.without_receipt += l.without_receipt;
        return acc;
      }, {}),
  );
  return {
    recall: { id: recall.id, reference: recall.reference, status: recall.status, classification: recall.classification },
    totals, lots, locations, by_chain: byChain, reach, partners, staff, compensation, untranslated,
    possibly_affected: await possiblyAffected(db, recallId),
  };
}

/**
 * The identified consumers who would read a free text of the recall in another language than
 * theirs (issue 16.3): per notice language, how many, and which texts — the title and reason
 * fall back to the text as written, the instructions to English or nothing. Said before
 * activation, where the manager can still add the translation.
 */
export function untranslatedTexts(
  recall: { language: string; title_translations: Partial<Record<string, string>>; reason_translations: Partial<Record<string, string>>; instructions: Record<string, string> },
  consumersByLanguage: { language: string | null; consumers: number }[],
) {
  const byLanguage = new Map<NoticeLanguage, number>();
  for (const row of consumersByLanguage) {
    const language = asNoticeLanguage(row.language ?? 'en');
    byLanguage.set(language, (byLanguage.get(language) ?? 0) + Number(row.consumers));
  }
  return [...byLanguage].sort(([a], [b]) => a.localeCompare(b)).flatMap(([language, consumers]) => {
    const written = language === recall.language;
    const texts = [
      !written && !recall.title_translations[language] ? 'title' : '',
      !written && !recall.reason_translations[language] ? 'reason' : '',
      !recall.instructions[language] ? 'instructions' : '',
    ].filter(Boolean);
    return texts.length ? [{ language, consumers, texts }] : [];
  });
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

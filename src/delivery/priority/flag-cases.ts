import { updateCase, type CasePriority } from '../../cases/index.ts';
import type { AppContext } from '../../platform/http/context.ts';

/** Priorities a delayed order raises; an urgent case stays urgent. */
const RAISED_FROM: readonly CasePriority[] = ['low', 'normal'];

/**
 * Every open case about an order that is late now — a complaint names its order, any case
 * can be linked to the order or its shipment — goes to the priority queue: raised to high
 * priority once, through the cases module, which re-plans its first-response deadline on
 * the case's business calendar ('high': 4 working hours by default, inside the 24 hours D4
 * asks). Run after detection and on every sweep, so a complaint that arrives after the delay
 * is found within one sweep. Returns the cases raised.
 */
export async function flagCasesAboutDelayedOrders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const candidates = await ctx.db.query<{ case_id: number; shipment_id: number; order_id: number | null; priority: CasePriority }>(
    `SELECT DISTINCT ON (l.case_id) l.case_id, d.shipment_id, d.order_id, c.priority
     FROM delivery_delays d
     JOIN case_links l ON (l.kind = 'order' AND l.target_id = d.order_id) OR (l.kind = 'shipment' AND l.target_id = d.shipment_id)
     JOIN cases c ON c.id = l.case_id AND c.status IN ('open', 'waiting_customer')
     WHERE d.resolved_at IS NULL AND NOT EXISTS (SELECT 1 FROM delivery_priority_cases p WHERE p.case_id = l.case_id)
     ORDER BY l.case_id, d.days_late DESC`);
  let raised = 0;
  for (const candidate of candidates) {
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO delivery_priority_cases (case_id, shipment_id, order_id, previous_priority, flagged_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [candidate.case_id, candidate.shipment_id, candidate.order_id, candidate.priority, now]);
      if (RAISED_FROM.includes(candidate.priority)) {
        await updateCase(tx, ctx, candidate.case_id, { priority: 'high' }, { actor: { kind: 'system', label: 'delivery: delayed order' }, at: now });
        raised++;
      }
    });
  }
  return raised;
}

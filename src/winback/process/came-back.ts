import { correlateMessage } from '../../engine/index.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { recordStep } from './journeys.ts';

/** The message a win-back waits for after the offer (processes/win-back.bpmn, "Ordered again"). */
export const CAME_BACK_MESSAGE = 'winbackCameBack';

/**
 * Correlates the first order a customer placed after their win-back offer to their process as
 * "came back", with its revenue (the order's lines, in its currency) and whether the voucher was
 * used ("offer accepted"). Runs after imports and every minute; a journey whose process is not
 * yet waiting for the message is taken on the next run.
 */
export async function correlateComebacks(deps: { db: Db; clock: Clock }): Promise<number> {
  const { db, clock } = deps;
  const returns = await db.query<{ id: number; business_key: string; external_id: string; ordered_at: Date; currency: string; revenue_minor: number; voucher_used: boolean }>(
    `SELECT j.id, j.business_key, o.external_id, o.ordered_at, o.currency, o.revenue_minor,
            EXISTS (SELECT 1 FROM vouchers v WHERE v.id = j.voucher_id AND v.redeemed_at IS NOT NULL) AS voucher_used
     FROM winback_journeys j
     CROSS JOIN LATERAL (
       SELECT o.external_id, o.ordered_at, o.currency, coalesce((SELECT sum(ol.quantity * ol.unit_price_minor) FROM order_lines ol WHERE ol.order_id = o.id), 0)::bigint AS revenue_minor
       FROM orders o WHERE o.customer_id = j.customer_id AND o.kind = 'sale' AND o.ordered_at > j.offered_at ORDER BY o.ordered_at, o.id LIMIT 1) o
     WHERE j.status = 'offered' AND j.came_back_at IS NULL ORDER BY j.id`);
  let correlated = 0;
  for (const order of returns) {
    try {
      await db.transaction(async (tx) => {
        await correlateMessage({ db: tx, clock }, { name: CAME_BACK_MESSAGE, businessKey: order.business_key, variables: { cameBackOrder: order.external_id, cameBackRevenueMinor: Number(order.revenue_minor) }, actor: systemActor });
        await tx.query('UPDATE winback_journeys SET came_back_at = $2, came_back_order = $3, came_back_revenue_minor = $4, came_back_currency = $5 WHERE id = $1',
          [order.id, order.ordered_at, order.external_id, order.revenue_minor, order.currency]);
        if (order.voucher_used) await recordStep(tx, clock, order.id, 'offer', 'offer_accepted', 'rebound', { order: order.external_id });
        await recordStep(tx, clock, order.id, 'return', 'came_back', 'rebound', { order: order.external_id, revenueMinor: Number(order.revenue_minor), currency: order.currency });
      });
      correlated++;
    } catch {
      // Not waiting yet (the offer step is still finishing): the next run takes it.
    }
  }
  return correlated;
}

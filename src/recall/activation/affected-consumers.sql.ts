import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AFFECTED_LINES_CTE } from '../affected.sql.ts';

/**
 * One trace of the purchase lines per recall, into recall_affected_consumers: the lines are
 * read once (the CTE is referenced twice, so PostgreSQL materialises it) and grouped both
 * per consumer and currency (the policy's facts) and per consumer (the notice's product,
 * lots, date and store). Taken in the caller's transaction; a recall whose population was taken
 * keeps it, so a retried step sees the same consumers.
 */
const TAKE_SQL = `WITH ${AFFECTED_LINES_CTE},
  identified AS (SELECT * FROM affected_lines WHERE customer_id IS NOT NULL),
  per_currency AS (
    SELECT customer_id, currency, sum(quantity)::bigint AS units, sum(quantity * unit_price_minor)::bigint AS amount_minor,
           bool_or(channel = 'online') AS online
    FROM identified GROUP BY customer_id, currency),
  bought AS (
    SELECT i.customer_id, string_agg(DISTINCT p.name, ', ') AS products,
           (array_agg(i.ordered_at ORDER BY i.ordered_at DESC))[1] AS last_at,
           (array_agg(loc.name ORDER BY i.ordered_at DESC))[1] AS last_store,
           coalesce(jsonb_agg(DISTINCT jsonb_build_object('lot', l.lot_code, 'use_by', l.expires_on)) FILTER (WHERE l.id IS NOT NULL), '[]') AS lots
    FROM identified i JOIN products p ON p.id = i.product_id LEFT JOIN locations loc ON loc.id = i.location_id
    LEFT JOIN lots l ON l.id = i.lot_id
    GROUP BY i.customer_id)
  INSERT INTO recall_affected_consumers (recall_id, customer_id, currency, tier, customer_since, units, amount_minor, online, products, last_at, last_store, lots)
  SELECT $1, c.customer_id, c.currency, cu.tier, cu.customer_since, c.units, c.amount_minor, c.online, b.products, b.last_at, b.last_store, b.lots
  FROM per_currency c JOIN bought b ON b.customer_id = c.customer_id JOIN customers cu ON cu.id = c.customer_id`;

/**
 * Takes the recall's affected consumers unless already taken; returns whether it did now.
 * A draft's scope may still change, so for a draft (a test, a dry run) it is taken afresh
 * each time and not marked taken.
 */
export async function takeAffectedConsumers(tx: Db, clock: Clock, recallId: number): Promise<boolean> {
  const [recall] = await tx.query<{ status: string; consumers_taken_at: Date | null }>(
    'SELECT status, consumers_taken_at FROM recalls WHERE id = $1 FOR UPDATE', [recallId]);
  if (!recall || recall.consumers_taken_at) return false;
  await tx.query('DELETE FROM recall_affected_consumers WHERE recall_id = $1', [recallId]);
  await tx.query(TAKE_SQL, [recallId]);
  if (recall.status !== 'draft') await tx.query('UPDATE recalls SET consumers_taken_at = $2 WHERE id = $1', [recallId, clock.now()]);
  return true;
}

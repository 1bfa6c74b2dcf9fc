import type { Db } from '../../platform/db/database.ts';

/**
 * How many marketing messages each customer was sent or has queued since a moment — the
 * count the daily cap reads, offered to modules that hold back their own contacts by it
 * (win-back segment entries: a frequency cap shared with communications). Suppressed and
 * failed messages reached nobody and do not count. One query for the whole list.
 */
export async function marketingMessagesSince(db: Db, customerIds: readonly number[], since: Date): Promise<Map<number, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.query<{ customer_id: number; n: number }>(
    `SELECT customer_id, count(*)::int AS n FROM comms_messages
     WHERE customer_id = ANY($1::bigint[]) AND kind = 'marketing' AND created_at >= $2
       AND status NOT IN ('suppressed', 'failed', 'bounced')
     GROUP BY customer_id`,
    [customerIds, since]);
  return new Map(rows.map((r) => [Number(r.customer_id), r.n]));
}

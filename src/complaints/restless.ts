import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';

/**
 * How restless a customer is (C6), from their history, 0–100, with its parts shown so an
 * agent sees why: complaints per order (30 points at one complaint in two orders or more),
 * the share of their decided complaints found unfounded (30), goodwill already received
 * (20 at three gestures), and repetition — complaints in the last 90 days (20 at three).
 * A signal for a person, never a verdict: the decision to act is recorded separately.
 */
const SCORE_SQL = `
  WITH history AS (
    SELECT cu.id AS customer_id, cu.name,
           (SELECT count(*) FROM orders o WHERE o.customer_id = cu.id)::int AS orders,
           (SELECT count(*) FROM complaints c WHERE c.customer_id = cu.id)::int AS complaints,
           (SELECT count(*) FROM complaints c WHERE c.customer_id = cu.id AND c.founded IS NOT NULL)::int AS decided,
           (SELECT count(*) FROM complaints c WHERE c.customer_id = cu.id AND c.founded = false)::int AS unfounded,
           (SELECT count(*) FROM complaints c WHERE c.customer_id = cu.id AND c.received_at >= $2::timestamptz - interval '90 days')::int AS recent,
           (SELECT count(*) FROM complaint_goodwill g JOIN complaints c ON c.id = g.complaint_id WHERE c.customer_id = cu.id AND g.status = 'granted')::int AS gestures
    FROM customers cu WHERE cu.id = ANY ($1::bigint[]))
  SELECT h.*,
         round(30 * least(1, h.complaints::numeric / greatest(h.orders, 1) * 2)
             + 30 * (CASE WHEN h.decided = 0 THEN 0 ELSE h.unfounded::numeric / h.decided END)
             + 20 * least(1, h.gestures / 3.0)
             + 20 * least(1, h.recent / 3.0))::int AS score
  FROM history h`;

export interface RestlessScore {
  customer_id: number;
  name: string;
  orders: number;
  complaints: number;
  decided: number;
  unfounded: number;
  recent: number;
  gestures: number;
  score: number;
}

export async function restlessScores(db: Db, clock: Clock, customerIds: number[]): Promise<RestlessScore[]> {
  if (!customerIds.length) return [];
  return db.query<RestlessScore>(SCORE_SQL, [customerIds, clock.now()]);
}

/** The most restless customers: only those who ever complained can score, so start from them. */
export async function mostRestless(db: Db, clock: Clock, limit: number): Promise<RestlessScore[]> {
  const ids = (await db.query<{ customer_id: number }>('SELECT DISTINCT customer_id FROM complaints WHERE customer_id IS NOT NULL')).map((r) => Number(r.customer_id));
  const scores = await restlessScores(db, clock, ids);
  return scores.sort((a, b) => b.score - a.score || b.complaints - a.complaints).slice(0, limit);
}

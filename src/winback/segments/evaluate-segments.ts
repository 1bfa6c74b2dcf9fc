import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Filter } from './filter.ts';
import { matchingCustomersSql } from './segment-definition.ts';

export type EvaluationTrigger = 'import' | 'schedule' | 'save' | 'manual' | 'metrics';

export interface SegmentEvaluation {
  segment_id: number;
  version: number;
  entered: number;
  left: number;
  members: number;
}

/**
 * The control draw of an entry (decision 029): the first 52 bits of md5(seed ':' entry id)
 * as a fraction in [0, 1). Uniform, independent between entries, and reproducible from the
 * record — anyone can check that a customer was put in the control group by the draw.
 */
export const CONTROL_DRAW_SQL = (seed: string, id: string) =>
  `(('x' || substr(md5(${seed} || ':' || ${id}::text), 1, 13))::bit(52)::bigint / 4503599627370496.0)::float8`;

/**
 * Re-evaluates segments against the current metrics and customer attributes, set-based: one
 * statement per segment closes the memberships of those who no longer match and opens one
 * for each who newly does; a second draws the new entries' control group. Each new entry is
 * an event: its row (entered_at, the version, the trigger) and, when a process is bound, a
 * pending start that the start worker takes (start-processes.ts).
 *
 * With `customerIds`, only those customers' membership is re-evaluated (after an import, the
 * customers whose metrics the incremental refresh recomputed; decision 053): everyone else's
 * metrics did not change, so their membership cannot have either.
 */
export async function evaluateSegments(
  db: Db, clock: Clock, options: { trigger: EvaluationTrigger; segmentIds?: number[]; customerIds?: number[] },
): Promise<SegmentEvaluation[]> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const segments = await tx.query<{ id: number; version: number; filter: Filter; process_id: string | null; control_share: string }>(
      `SELECT s.id, s.version, v.filter, v.process_id, v.control_share
       FROM winback_segments s JOIN winback_segment_versions v ON v.segment_id = s.id AND v.version = s.version
       WHERE s.archived_at IS NULL AND ($1::bigint[] IS NULL OR s.id = ANY($1::bigint[]))
       ORDER BY s.id FOR UPDATE OF s`,
      [options.segmentIds ?? null]);
    const results: SegmentEvaluation[] = [];
    for (const segment of segments) {
      const matching = matchingCustomersSql(segment.filter, 8, '$7');
      const [counts] = await tx.query<{ entered: number; left: number }>(
        `WITH matching AS (${matching.sql}),
         gone AS (
           UPDATE winback_segment_entries e SET left_at = $2, left_version = $3
           WHERE e.segment_id = $1 AND e.left_at IS NULL AND ($7::bigint[] IS NULL OR e.customer_id = ANY($7::bigint[]))
             AND NOT EXISTS (SELECT 1 FROM matching x WHERE x.customer_id = e.customer_id)
           RETURNING 1
         ),
         came AS (
           INSERT INTO winback_segment_entries (segment_id, customer_id, version, trigger, entered_at, control_share, process_id, start_status, next_attempt_at)
           SELECT $1, x.customer_id, $3, $4, $2, $5::numeric, $6::text, CASE WHEN $6::text IS NULL THEN 'none' ELSE 'pending' END, $2
           FROM matching x
           WHERE NOT EXISTS (SELECT 1 FROM winback_segment_entries e WHERE e.segment_id = $1 AND e.customer_id = x.customer_id AND e.left_at IS NULL)
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM came)::int AS entered, (SELECT count(*) FROM gone)::int AS left`,
        [segment.id, now, segment.version, options.trigger, segment.control_share, segment.process_id, options.customerIds ?? null, ...matching.params]);
      // The control draw of the new entries. A control entry is never started (decision 029).
      await tx.query(
        `UPDATE winback_segment_entries e
         SET control_draw = d.draw, control = d.draw < e.control_share,
             start_status = CASE WHEN d.draw < e.control_share AND e.start_status = 'pending' THEN 'control' ELSE e.start_status END,
             start_note = CASE WHEN d.draw < e.control_share AND e.start_status = 'pending' THEN 'control group: never started, never contacted' ELSE e.start_note END,
             next_attempt_at = CASE WHEN d.draw < e.control_share THEN NULL ELSE e.next_attempt_at END
         FROM (SELECT n.id, ${CONTROL_DRAW_SQL('s.control_seed', 'n.id')} AS draw
               FROM winback_segment_entries n JOIN winback_segments s ON s.id = n.segment_id
               WHERE n.segment_id = $1 AND n.control_draw IS NULL) d
         WHERE e.id = d.id`,
        [segment.id]);
      await tx.query('UPDATE winback_segments SET evaluated_at = $2 WHERE id = $1', [segment.id, now]);
      const [members] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM winback_segment_entries WHERE segment_id = $1 AND left_at IS NULL', [segment.id]);
      results.push({ segment_id: segment.id, version: segment.version, entered: counts!.entered, left: counts!.left, members: members!.n });
    }
    return results;
  });
}

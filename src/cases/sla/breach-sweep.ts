import type { Db } from '../../platform/db/database.ts';

export interface SweepResult {
  /** Cases whose first-response target was breached by this sweep. */
  firstResponse: number[];
  /** Cases whose resolution target was breached by this sweep. */
  resolution: number[];
}

interface Target {
  name: 'first_response' | 'resolution';
  breachedColumn: string;
  dueColumn: string;
  /** The target still counts: not met yet. */
  unmet: string;
  label: string;
}

const TARGETS: readonly Target[] = [
  { name: 'first_response', breachedColumn: 'first_response_breached_at', dueColumn: 'first_response_due_at', unmet: 'first_responded_at IS NULL', label: 'first response' },
  { name: 'resolution', breachedColumn: 'resolution_breached_at', dueColumn: 'resolution_due_at', unmet: 'resolved_at IS NULL', label: 'resolution' },
];

/**
 * Marks every SLA breach due by `now`, set-based: one UPDATE per target over all cases
 * whose clock runs (status open — a case waiting for the customer is never breached),
 * and in the same statement the case event and the owner's notification. (The due date
 * goes into the event as JavaScript writes dates, like every other event's data.)
 *
 * Exactly once, however many workers sweep at the same time: the UPDATE only takes rows
 * whose breach is not yet recorded, and a concurrent sweep that waited for the row lock
 * re-checks that condition and skips the row. The unique index case_events_breach_once
 * backs this up in the schema.
 */
export async function sweepSlaBreaches(db: Db, now: Date, options: { caseId?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { firstResponse: [], resolution: [] };
  await db.transaction(async (tx) => {
    for (const target of TARGETS) {
      const rows = await tx.query<{ id: number }>(
        `WITH breached AS (
           UPDATE cases SET ${target.breachedColumn} = $1::timestamptz
           WHERE status = 'open' AND ${target.unmet} AND ${target.breachedColumn} IS NULL AND ${target.dueColumn} <= $1::timestamptz
             AND ($2::bigint IS NULL OR id = $2::bigint)
           RETURNING id, owner_id, title, ${target.dueColumn} AS due_at
         ), events AS (
           INSERT INTO case_events (case_id, at, kind, actor_kind, actor_label, data)
           SELECT id, $1::timestamptz, 'sla_breached', 'system', 'rebound', jsonb_build_object('target', $3::text, 'due_at', to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           FROM breached
         ), notified AS (
           INSERT INTO case_notifications (user_id, case_id, kind, message, created_at)
           SELECT owner_id, id, 'sla_breached', 'The ' || $4::text || ' deadline of case #' || id || ' "' || title || '" has passed', $1::timestamptz
           FROM breached WHERE owner_id IS NOT NULL
         )
         SELECT id FROM breached ORDER BY id`,
        [now, options.caseId ?? null, target.name, target.label],
      );
      const ids = rows.map((r) => r.id);
      if (target.name === 'first_response') result.firstResponse = ids;
      else result.resolution = ids;
    }
  });
  return result;
}

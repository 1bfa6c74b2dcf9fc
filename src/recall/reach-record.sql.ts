import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';

export type ReachAudience = 'partner' | 'staff';

export interface ReachRecord {
  name: string;
  reached: boolean;
  channels?: string[];
  recipients?: number;
  reason: string | null;
}

/**
 * Records what a notice step did for each partner or staff role (migration 008), in the
 * step's transaction. A resend overwrites the row: the dashboard shows the state now.
 */
export async function recordReach(tx: Db, clock: Clock, recallId: number, audience: ReachAudience, records: readonly ReachRecord[]): Promise<void> {
  if (!records.length) return;
  await tx.query(
    `INSERT INTO recall_reach (recall_id, audience, name, reached, channels, recipients, reason, updated_at)
     SELECT $1, $2, r.name, r.reached, ARRAY(SELECT jsonb_array_elements_text(r.channels)), r.recipients, r.reason, $4
     FROM jsonb_to_recordset($3::jsonb) AS r(name text, reached boolean, channels jsonb, recipients int, reason text)
     ON CONFLICT (recall_id, audience, name) DO UPDATE SET reached = excluded.reached, channels = excluded.channels,
       recipients = excluded.recipients, reason = excluded.reason, updated_at = excluded.updated_at`,
    [recallId, audience, JSON.stringify(records.map((r) => ({ name: r.name, reached: r.reached, channels: r.channels ?? [], recipients: r.recipients ?? 0, reason: r.reason }))), clock.now()],
  );
}

export async function reachRecords(db: Db, recallId: number, audience: ReachAudience) {
  return db.query<{ name: string; reached: boolean; channels: string[]; recipients: number; reason: string | null; updated_at: Date }>(
    'SELECT name, reached, channels, recipients, reason, updated_at FROM recall_reach WHERE recall_id = $1 AND audience = $2 ORDER BY reached, name',
    [recallId, audience]);
}

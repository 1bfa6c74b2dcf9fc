import { recordAudit, systemActor, type Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';

export const RETENTION_KINDS = ['message_bodies', 'delivery_events', 'closed_cases', 'survey_free_text', 'audit_entries', 'attachments'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export interface RetentionPolicyRow { kind: RetentionKind; keep_days: number | null; updated_at: Date; updated_by: string }

/** The daily run's time (UTC, pg-boss cron), shown in the console as "next run". */
export const RETENTION_CRON = '15 3 * * *';

export async function retentionPolicy(db: Db): Promise<RetentionPolicyRow[]> {
  return db.query<RetentionPolicyRow>(`SELECT kind, keep_days, updated_at, updated_by FROM privacy_retention_policy ORDER BY array_position($1::text[], kind)`, [RETENTION_KINDS]);
}

export async function setRetentionPolicy(db: Db, actor: Actor, now: Date, changes: Partial<Record<RetentionKind, number | null>>): Promise<RetentionPolicyRow[]> {
  return db.transaction(async (tx) => {
    for (const [kind, keepDays] of Object.entries(changes)) {
      await tx.query('UPDATE privacy_retention_policy SET keep_days = $2, updated_at = $3, updated_by = $4 WHERE kind = $1', [kind, keepDays, now, actor.label]);
    }
    await recordAudit(tx, actor, { action: 'update', entity: 'privacy_retention_policy', details: { changes } });
    return retentionPolicy(tx);
  });
}

/** The next daily run after `now` (03:15 UTC, as RETENTION_CRON says). */
export function nextRetentionRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 3, 15));
  return next <= now ? new Date(next.getTime() + 86_400_000) : next;
}

const NOT_HELD = (table: string, alias: string) => `NOT EXISTS (SELECT 1 FROM privacy_legal_holds h WHERE h.table_name = '${table}' AND h.row_id = ${alias}.id::text)`;
const REMOVED = '[removed after the retention period]';

/**
 * What each kind's limit removes, set-based, one statement per table. Report counts stay:
 * messages, cases and survey responses keep their rows (bodies, texts and free text go);
 * mailbox copies, carrier events, attachments and old audit entries go. Rows kept for a
 * legal reason (privacy_legal_holds) are never touched.
 */
const APPLY: Record<RetentionKind, (tx: Db, cutoff: Date) => Promise<Record<string, number>>> = {
  async message_bodies(tx, cutoff) {
    const messages = await tx.query(
      `UPDATE comms_messages m SET variables = '{}'::jsonb, recipient = NULL, contact_address = NULL, contact_name = NULL
       WHERE m.created_at < $1 AND m.status NOT IN ('queued', 'sending')
         AND (m.variables <> '{}'::jsonb OR m.recipient IS NOT NULL OR m.contact_address IS NOT NULL)
         AND ${NOT_HELD('comms_messages', 'm')} RETURNING 1`, [cutoff]);
    const mailbox = await tx.query('DELETE FROM comms_mailbox WHERE received_at < $1 RETURNING 1', [cutoff]);
    return { messages_blanked: messages.length, mailbox_deleted: mailbox.length };
  },
  async delivery_events(tx, cutoff) {
    const events = await tx.query('DELETE FROM shipment_events WHERE occurred_at < $1 RETURNING 1', [cutoff]);
    return { shipment_events_deleted: events.length };
  },
  async closed_cases(tx, cutoff) {
    const closed = 'SELECT id FROM cases WHERE closed_at < $1';
    const cases = await tx.query(`UPDATE cases SET description = NULL WHERE id IN (${closed}) AND description IS NOT NULL RETURNING 1`, [cutoff]);
    const comments = await tx.query(`UPDATE case_comments SET body = $2 WHERE case_id IN (${closed}) AND body <> $2 RETURNING 1`, [cutoff, REMOVED]);
    const complaints = await tx.query(`UPDATE complaints SET essence = $2 WHERE case_id IN (${closed}) AND essence <> $2 RETURNING 1`, [cutoff, REMOVED]);
    return { case_descriptions_removed: cases.length, comments_removed: comments.length, complaint_texts_removed: complaints.length };
  },
  async survey_free_text(tx, cutoff) {
    const rows = await tx.query(
      `UPDATE survey_responses r SET answers = (
         SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each(r.answers) e
         WHERE NOT EXISTS (SELECT 1 FROM surveys sv, jsonb_array_elements(sv.questions) q WHERE sv.key = r.survey_key AND q->>'id' = e.key AND q->>'kind' = 'text'))
       WHERE r.submitted_at < $1 AND EXISTS (
         SELECT 1 FROM jsonb_each(r.answers) e, surveys sv, jsonb_array_elements(sv.questions) q
         WHERE sv.key = r.survey_key AND q->>'id' = e.key AND q->>'kind' = 'text')
       RETURNING 1`, [cutoff]);
    return { responses_stripped: rows.length };
  },
  async audit_entries(tx, cutoff) {
    const rows = await tx.query('DELETE FROM audit_log WHERE at < $1 RETURNING 1', [cutoff]);
    return { audit_entries_deleted: rows.length };
  },
  async attachments(tx, cutoff) {
    const rows = await tx.query('DELETE FROM case_attachments a WHERE a.created_at < $1 AND a.case_id IN (SELECT id FROM cases WHERE closed_at IS NOT NULL) RETURNING 1', [cutoff]);
    return { attachments_deleted: rows.length };
  },
};

export interface RetentionRun { id: number; started_at: Date; finished_at: Date; trigger: string; counts: Record<string, Record<string, number>> }

/** Applies every limit once, in one transaction; the counts go to the run's row and to the audit log. */
export async function applyRetention(db: Db, now: Date, trigger: 'schedule' | 'manual', actor: Actor = systemActor): Promise<RetentionRun> {
  return db.transaction(async (tx) => {
    const counts: Record<string, Record<string, number>> = {};
    for (const policy of await retentionPolicy(tx)) {
      if (policy.keep_days === null) continue;
      counts[policy.kind] = await APPLY[policy.kind](tx, new Date(now.getTime() - policy.keep_days * 86_400_000));
    }
    const [run] = await tx.query<RetentionRun>(
      `INSERT INTO privacy_retention_runs (started_at, finished_at, trigger, counts) VALUES ($1, $1, $2, $3) RETURNING id, started_at, finished_at, trigger, counts`,
      [now, trigger, JSON.stringify(counts)]);
    await recordAudit(tx, actor, { action: 'apply_retention', entity: 'privacy_retention_runs', entityId: run!.id, details: { counts } });
    return run!;
  });
}

export async function latestRetentionRun(db: Db): Promise<RetentionRun | null> {
  const [run] = await db.query<RetentionRun>('SELECT id, started_at, finished_at, trigger, counts FROM privacy_retention_runs ORDER BY id DESC LIMIT 1');
  return run ?? null;
}

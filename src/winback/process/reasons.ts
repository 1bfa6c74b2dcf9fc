import { correlateMessage } from '../../engine/index.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordStep } from './journeys.ts';

export type ReasonState = 'open' | 'being_fixed' | 'eliminated';

export interface Reason {
  key: string;
  labels: Record<string, string>;
  position: number;
  active: boolean;
  is_cause: boolean;
  state: ReasonState;
  eliminated_on: string | null;
  state_note: string | null;
  state_changed_by: string | null;
  state_changed_at: Date | null;
  /** Customers waiting in the process for this cause to be eliminated. */
  waiting: number;
}

/** The message a waiting win-back catches (processes/win-back.bpmn, "Cause eliminated"). */
export const CAUSE_ELIMINATED_MESSAGE = 'winbackCauseEliminated';

export async function listReasons(db: Db): Promise<Reason[]> {
  const rows = await db.query<Reason>(
    `SELECT r.key, r.labels, r.position, r.active, r.is_cause, r.state, to_char(r.eliminated_on, 'YYYY-MM-DD') AS eliminated_on, r.state_note,
            r.state_changed_by, r.state_changed_at, count(j.id)::int AS waiting
     FROM winback_reasons r LEFT JOIN winback_journeys j ON j.reason = r.key AND j.status = 'waiting'
     GROUP BY r.key ORDER BY r.position, r.key`);
  return rows.map((r) => ({ ...r, waiting: Number(r.waiting) }));
}

/** The options of the reason task's select (form-js `valuesKey`), in the manager's order. */
export async function reasonOptions(db: Db, language = 'en'): Promise<{ label: string; value: string }[]> {
  const rows = await db.query<{ key: string; labels: Record<string, string> }>('SELECT key, labels FROM winback_reasons WHERE active ORDER BY position, key');
  return rows.map((r) => ({ value: r.key, label: r.labels[language] ?? r.labels.en ?? r.key }));
}

/** Adds a reason or changes its labels, position and whether the task offers it. */
export async function saveReason(db: Db, actor: Actor, key: string, input: { labels: Record<string, string>; position: number; active: boolean }): Promise<Reason> {
  if (!input.labels.en) throw new AppError('invalid', 'a reason needs an English label', 'winback.reason_label', { errors: [{ field: 'body.labels.en', message: 'is required' }] });
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO winback_reasons (key, labels, position, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET labels = EXCLUDED.labels, position = EXCLUDED.position, active = EXCLUDED.active`,
      [key, JSON.stringify(input.labels), input.position, input.active]);
    await recordAudit(tx, actor, { action: 'update', entity: 'winback_reason', entityId: key, details: input });
  });
  return (await listReasons(db)).find((r) => r.key === key)!;
}

export interface ReleaseResult {
  reason: Reason;
  /** Waiting customers released into the offer step. */
  released: number;
  /** Released customers whose process could not take the message (each stays listed as waiting; see its incident). */
  failed: { journeyId: number; error: string }[];
}

/**
 * Sets the state of a reason's cause (W7). Marking it eliminated (on a date, with a note)
 * releases every customer waiting on it: each waiting process gets the message
 * `winbackCauseEliminated` by its business key and goes on to the offer. Each release is its
 * own transaction, so one broken instance cannot hold back the others; those that fail are
 * returned and stay waiting, counted on the reasons screen.
 */
export async function setReasonState(
  deps: { db: Db; clock: Clock }, actor: Actor, key: string,
  input: { state: ReasonState; eliminatedOn?: string | null; note?: string | null },
): Promise<ReleaseResult> {
  const { db, clock } = deps;
  await db.transaction(async (tx) => {
    const [reason] = await tx.query<{ is_cause: boolean }>('SELECT is_cause FROM winback_reasons WHERE key = $1 FOR UPDATE', [key]);
    if (!reason) throw notFound(`reason ${key}`);
    if (!reason.is_cause) throw new AppError('invalid', `"${key}" is not a cause that can be fixed`, 'winback.reason_not_a_cause', { errors: [{ field: 'params.key', message: 'not a cause' }] });
    if (input.state === 'eliminated' && !input.note?.trim()) {
      throw new AppError('invalid', 'say how the cause was eliminated', 'winback.elimination_note', { errors: [{ field: 'body.note', message: 'is required when the state is eliminated' }] });
    }
    const eliminatedOn = input.state === 'eliminated' ? (input.eliminatedOn ?? clock.now().toISOString().slice(0, 10)) : null;
    await tx.query(
      'UPDATE winback_reasons SET state = $2, eliminated_on = $3, state_note = $4, state_changed_by = $5, state_changed_at = $6 WHERE key = $1',
      [key, input.state, eliminatedOn, input.note ?? null, actor.label, clock.now()]);
    await recordAudit(tx, actor, { action: 'set_state', entity: 'winback_reason', entityId: key, details: { state: input.state, eliminatedOn, note: input.note ?? null } });
  });
  const { released, failed } = input.state === 'eliminated' ? await releaseWaiting(deps, actor, key) : { released: 0, failed: [] };
  return { reason: (await listReasons(db)).find((r) => r.key === key)!, released, failed };
}

/**
 * Releases the customers waiting on eliminated causes (one reason, or all): each waiting
 * process gets `winbackCauseEliminated` by its business key, in its own transaction. Also run
 * every minute, for a customer who began to wait in the moment the reason was marked.
 */
export async function releaseWaiting(deps: { db: Db; clock: Clock }, actor: Actor, reasonKey?: string): Promise<{ released: number; failed: ReleaseResult['failed'] }> {
  const { db, clock } = deps;
  const waiting = await db.query<{ id: number; business_key: string; reason: string }>(
    `SELECT j.id, j.business_key, j.reason FROM winback_journeys j JOIN winback_reasons r ON r.key = j.reason
     WHERE j.status = 'waiting' AND r.state = 'eliminated' AND ($1::text IS NULL OR j.reason = $1) ORDER BY j.id`, [reasonKey ?? null]);
  const failed: ReleaseResult['failed'] = [];
  let released = 0;
  for (const journey of waiting) {
    try {
      await db.transaction(async (tx) => {
        await correlateMessage({ db: tx, clock }, { name: CAUSE_ELIMINATED_MESSAGE, businessKey: journey.business_key, variables: { causeEliminated: true }, actor });
        await tx.query("UPDATE winback_journeys SET status = 'offer', released_at = $2 WHERE id = $1 AND status = 'waiting'", [journey.id, clock.now()]);
        await recordStep(tx, clock, journey.id, 'wait_for_cause', 'released', actor.label, { reason: journey.reason });
      });
      released++;
    } catch (error) {
      failed.push({ journeyId: journey.id, error: (error as Error).message });
    }
  }
  if (failed.length) console.warn(`winback: ${failed.length} of ${waiting.length} waiting customers were not released (still counted as waiting): ${failed.map((f) => `journey ${f.journeyId}: ${f.error}`).join('; ')}`);
  return { released, failed };
}

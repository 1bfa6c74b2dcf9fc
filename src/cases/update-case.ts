import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';
import { invalidField } from './case-errors.ts';
import { recordCaseEvent } from './case-events.ts';
import { lockCase } from './case-lock.ts';
import { CASE_COLUMNS, type CasePriority, type CaseRow, type CaseStatus, type Change } from './case-model.ts';
import { insertNotifications } from './case-notifications.ts';
import { checkOwner } from './case-owners.ts';
import { runCaseResolvedHandlers } from './case-resolved-hooks.ts';
import { caseTypeOf, checkStage } from './case-types.sql.ts';
import { sweepSlaBreaches } from './sla/breach-sweep.ts';
import { customerOfCase } from './sla/calendar-choice.ts';
import { applySlaPolicy, calendarOfCase } from './sla/sla-plan.ts';
import { applyStatusChange, markFirstResponse, type PlannedEvent } from './sla/sla-state.ts';

export interface CaseChanges {
  title?: string;
  description?: string;
  stage?: string;
  owner_id?: number | null;
  department?: string | null;
  priority?: CasePriority;
  status?: CaseStatus;
}

/** Columns a change may write; the UPDATE is built from these names only. */
const WRITABLE = [
  'title', 'description', 'stage', 'owner_id', 'department', 'priority', 'status', 'sla_policy_id', 'sla_calendar_id', 'sla_calendar_basis', 'sla_calendar_place',
  'first_response_minutes', 'resolution_minutes', 'first_response_due_at', 'resolution_due_at', 'first_responded_at',
  'resolved_at', 'closed_at', 'sla_paused_at', 'sla_paused_business_seconds',
] as const satisfies readonly (keyof CaseRow)[];

const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * Changes a case in one transaction: the row is locked, any breach already due is recorded
 * first (so a case paused after its deadline still counts as breached), then every field
 * change becomes an event, the SLA is re-planned when priority or status asks for it, and
 * the audit log gets one entry. A request that changes nothing writes nothing. When the
 * case becomes resolved, the modules that registered for it (a survey invitation) write
 * their part in this same transaction; `ctx` is what they need for that.
 */
export async function updateCase(db: Db, ctx: AppContext, caseId: number, changes: CaseChanges, change: Change): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    // Lock (and 404) first, sweep this case's due breaches, then read the row the sweep left.
    await lockCase(tx, caseId);
    await sweepSlaBreaches(tx, change.at, { caseId });
    const row = await lockCase(tx, caseId);
    const next: CaseRow = { ...row };
    const events: PlannedEvent[] = [];
    const notify: { userId: number; message: string }[] = [];

    if (changes.title !== undefined && changes.title.trim() !== row.title) {
      next.title = changes.title.trim();
      if (!next.title) throw invalidField('body.title', 'must not be blank');
      events.push({ kind: 'title_changed', data: { from: row.title, to: next.title } });
    }
    if (changes.description !== undefined && changes.description !== row.description) {
      next.description = changes.description;
      events.push({ kind: 'description_changed', data: {} });
    }
    if (changes.stage !== undefined && changes.stage !== row.stage) {
      checkStage(await caseTypeOf(tx, row.type), changes.stage);
      next.stage = changes.stage;
      events.push({ kind: 'stage_changed', data: { from: row.stage, to: changes.stage } });
    }
    if (changes.owner_id !== undefined && changes.owner_id !== row.owner_id) {
      const owner = changes.owner_id === null ? undefined : await checkOwner(tx, changes.owner_id);
      next.owner_id = owner?.id ?? null;
      events.push({ kind: 'owner_changed', data: { from: row.owner_id, to: next.owner_id, to_email: owner?.email ?? null } });
      if (owner && String(owner.id) !== change.actor.id) notify.push({ userId: owner.id, message: `${change.actor.label} gave you case #${row.id} "${next.title}"` });
    }
    if (changes.department !== undefined && (changes.department?.trim() || null) !== row.department) {
      next.department = changes.department?.trim() || null;
      events.push({ kind: 'department_changed', data: { from: row.department, to: next.department } });
    }
    let calendar = await calendarOfCase(tx, row);
    if (changes.priority !== undefined && changes.priority !== row.priority) {
      next.priority = changes.priority;
      calendar = await applySlaPolicy(tx, next, await customerOfCase(tx, row.id));
      events.push({ kind: 'priority_changed', data: { from: row.priority, to: next.priority, first_response_due_at: next.first_response_due_at, resolution_due_at: next.resolution_due_at } });
    }
    if (changes.status !== undefined) events.push(...applyStatusChange(next, changes.status, change.at, calendar));

    const saved = await save(tx, row, next, events, change);
    await insertNotifications(tx, ctx, notify.map((n) => ({ ...n, caseId: row.id, kind: 'assigned' as const })), change.at);
    if (saved.status === 'resolved' && row.status !== 'resolved') await runCaseResolvedHandlers(tx, ctx, saved);
    return saved;
  });
}

/**
 * Records the first response to the customer (a call, a message sent by the comms module)
 * when it happened outside a status change. Only the first one counts.
 */
export async function recordFirstResponse(db: Db, caseId: number, how: string, change: Change): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    await sweepSlaBreaches(tx, change.at, { caseId });
    const row = await lockCase(tx, caseId);
    const next: CaseRow = { ...row };
    return save(tx, row, next, markFirstResponse(next, change.at, how), change);
  });
}

async function save(tx: Db, row: CaseRow, next: CaseRow, events: PlannedEvent[], change: Change): Promise<CaseRow> {
  const changed = WRITABLE.filter((column) => !sameValue(row[column], next[column]));
  if (changed.length === 0 && events.length === 0) return row;
  const assignments = changed.map((column, i) => `${column} = $${i + 3}`);
  const [saved] = await tx.query<CaseRow>(
    `UPDATE cases SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
    [row.id, change.at, ...changed.map((column) => next[column])],
  );
  for (const event of events) await recordCaseEvent(tx, row.id, change, event.kind, event.data);
  await recordAudit(tx, change.actor, {
    action: 'update',
    entity: 'case',
    entityId: row.id,
    details: Object.fromEntries(changed.filter((c) => c !== 'description').map((column) => [column, next[column]])),
  });
  return saved!;
}

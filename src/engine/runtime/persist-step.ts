import type { Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { DefinitionRow } from '../definitions/definitions.sql.ts';
import { evaluateFeel } from '../feel/feel-expression.ts';
import { dueFrom } from '../timers/due-time.ts';
import type { InstanceRow } from './instance-row.ts';
import type { StepResult } from './run-step.ts';

export const USER_WAITS = new Set(['bpmn:UserTask', 'bpmn:ManualTask']);
export const ACTION_WAITS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask']);
import { metrics } from '../../platform/metrics/registry.ts';

/** Extra audit events the caller adds to a step (task completed, message received…). */
export interface ExtraEvent {
  event: string;
  activityId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Writes what a step observed, in the transaction holding the instance lock: the engine
 * state and variables, the audit trail, and Rebound's rows for every wait — open tasks,
 * action calls, message subscriptions, timers. Rows of waits that ended are closed in the
 * same statement set (set-based: one statement per table, not one per row).
 */
export async function persistStep(tx: Db, clock: Clock, instance: InstanceRow, definition: DefinitionRow, result: StepResult, actor: Actor, extra: ExtraEvent[] = []): Promise<void> {
  const now = clock.now();
  const model = definition.model;
  // Counted as written; a step whose transaction then rolls back is counted too (rare: a lost lock race).
  metrics.engineSteps.inc({ process: instance.process_id });
  const status = result.error ? 'failed' : result.completed ? 'completed' : 'running';
  await tx.query(
    `UPDATE engine_instances SET state = $2, variables = $3, status = $4, updated_at = $5,
            ended_at = CASE WHEN $4 = 'running' THEN NULL ELSE $5::timestamptz END, error = $6 WHERE id = $1`,
    [instance.id, JSON.stringify(result.state), JSON.stringify(result.variables), status, now, result.error]);

  const events = eventRowsFor(definition, result, extra, now);
  await insertEvents(tx, instance, actor, events);

  const userWaits = result.waits.filter((w) => USER_WAITS.has(w.type));
  await reconcileTasks(tx, instance, definition, userWaits, now);
  const actionWaits = result.waits.filter((w) => ACTION_WAITS.has(w.type) && model.actionTasks[w.activityId]);
  await reconcileActionCalls(tx, instance, definition, actionWaits, result.variables, now);
  const messageWaits = result.waits.filter((w) => model.messageWaits[w.activityId]);
  await reconcileSubscriptions(tx, instance, definition, messageWaits);
  await reconcileTimers(tx, instance, result);
  await escalate(tx, instance, definition, result, actor, now);

  const incidents = [
    ...result.decisionFailures.map((f) => ({ activity_id: f.activityId, kind: 'decision_failed', error: f.error })),
    ...result.conditionFailures.map((f) => ({ activity_id: f.activityId, kind: 'condition_failed', error: f.error })),
    ...(result.error ? [{ activity_id: '', kind: 'engine_error', error: result.error }] : []),
  ];
  // A condition decided after all (a variable came by another path) leaves no incident open:
  // every step re-decides the conditions its waiting gateways and events depend on.
  await tx.query(
    `UPDATE engine_incidents SET status = 'resolved', resolved_at = $3, resolved_by = 'engine'
      WHERE instance_id = $1 AND kind = 'condition_failed' AND status = 'open' AND NOT (activity_id = ANY($2::text[]))`,
    [instance.id, result.conditionFailures.map((f) => f.activityId), now]);
  if (incidents.length) {
    await tx.query(
      `INSERT INTO engine_incidents (instance_id, activity_id, kind, error, status, created_at)
       SELECT $1, i.activity_id, i.kind, i.error, 'open', $3 FROM jsonb_to_recordset($2::jsonb) AS i(activity_id text, kind text, error text)
        WHERE NOT EXISTS (SELECT 1 FROM engine_incidents o WHERE o.instance_id = $1 AND o.activity_id = i.activity_id AND o.kind = i.kind AND o.status = 'open')`,
      [instance.id, JSON.stringify(incidents), now]);
  }
}

/** The audit events a step writes, in order (shared with the bulk start). */
export function eventRowsFor(definition: DefinitionRow, result: StepResult, extra: ExtraEvent[], now: Date): EventRow[] {
  const model = definition.model;
  return [
    ...extra.map((e) => ({ event: e.event, activity_id: e.activityId ?? null, activity_type: null, activity_name: e.activityId ? model.activities[e.activityId]?.name ?? null : null, data: e.data ?? {}, at: now })),
    ...(Object.keys(result.changedVariables).length ? [{ event: 'variables.changed', activity_id: null, activity_type: null, activity_name: null, data: result.changedVariables, at: now }] : []),
    ...result.events.map((e) => ({ event: e.event, activity_id: e.activityId ?? null, activity_type: e.activityType ?? null, activity_name: e.activityName ?? null, data: e.data ?? {}, at: e.at })),
  ];
}

export interface EventRow {
  event: string;
  activity_id: string | null;
  activity_type: string | null;
  activity_name: string | null;
  data: unknown;
  at: Date;
}

export async function insertEvents(tx: Db, instance: Pick<InstanceRow, 'id' | 'process_id' | 'business_key'>, actor: Actor, events: EventRow[]): Promise<void> {
  if (!events.length) return;
  await tx.query(
    `INSERT INTO engine_events (instance_id, process_id, business_key, event, activity_id, activity_type, activity_name, actor_kind, actor_label, data, at)
     SELECT $1, $2, $3, e.j->>'event', e.j->>'activity_id', e.j->>'activity_type', e.j->>'activity_name', $4, $5,
            coalesce(e.j->'data', '{}'), (e.j->>'at')::timestamptz
       FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS e(j, n)
      ORDER BY e.n`,
    [instance.id, instance.process_id, instance.business_key, actor.kind, actor.label, JSON.stringify(events)]);
}

async function reconcileTasks(tx: Db, instance: InstanceRow, definition: DefinitionRow, waits: StepResult['waits'], now: Date): Promise<void> {
  await tx.query(
    `UPDATE engine_tasks SET status = 'cancelled', completed_at = $3
      WHERE instance_id = $1 AND status = 'open' AND NOT (execution_id = ANY($2::text[]))`,
    [instance.id, waits.map((w) => w.executionId), now]);
  if (!waits.length) return;
  const slas = await tx.query<{ activity_id: string; due_in: string }>(
    'SELECT activity_id, due_in FROM engine_task_slas WHERE process_id = $1', [instance.process_id]);
  const rows = taskRowsFor(definition, waits, instance.variables, slas, now);
  await tx.query(
    `INSERT INTO engine_tasks (instance_id, execution_id, activity_id, name, process_id, business_key, status, assignee,
                               candidate_roles, candidate_groups, priority, due_at, form_id, created_at)
     SELECT $1, t.execution_id, t.activity_id, t.name, $2, $3, 'open', t.assignee,
            ARRAY(SELECT jsonb_array_elements_text(t.candidate_roles)), ARRAY(SELECT jsonb_array_elements_text(t.candidate_groups)),
            t.priority, t.due_at, t.form_id, $5
       FROM jsonb_to_recordset($4::jsonb) AS t(execution_id text, activity_id text, name text, assignee text, candidate_roles jsonb,
                                               candidate_groups jsonb, priority int, due_at timestamptz, form_id bigint)
     ON CONFLICT (instance_id, execution_id) DO NOTHING`,
    [instance.id, instance.process_id, instance.business_key, JSON.stringify(rows), now]);
}

/** The engine_tasks rows of a step's user waits (shared with the bulk start). */
export function taskRowsFor(definition: DefinitionRow, waits: StepResult['waits'], variables: Record<string, unknown>, slas: { activity_id: string; due_in: string }[], now: Date) {
  const slaFor = (activityId: string) => slas.find((s) => s.activity_id === activityId)?.due_in ?? slas.find((s) => s.activity_id === '*')?.due_in;
  return waits.map((w) => {
    const settings = definition.model.userTasks[w.activityId];
    const dueText = resolveDue(settings?.dueIn ?? slaFor(w.activityId) ?? null, variables);
    return {
      execution_id: w.executionId,
      activity_id: w.activityId,
      name: settings?.name ?? definition.model.activities[w.activityId]?.name ?? w.activityId,
      assignee: settings?.assignee ?? null,
      candidate_roles: settings?.candidateRoles ?? [],
      candidate_groups: settings?.candidateGroups ?? [],
      priority: settings?.priority ?? 50,
      due_at: dueText ? safeDue(dueText, now) : null,
      form_id: settings?.formId ?? null,
    };
  });
}

/** A due time may be an expression over the variables (`=slaDue`, `${dueDate}`). */
function resolveDue(value: string | null, variables: Record<string, unknown>): string | null {
  if (!value) return null;
  if (!/^\$\{|^=/.test(value)) return value;
  try {
    const result = evaluateFeel(value, { ...variables, environment: { variables } });
    return typeof result === 'string' ? result : null;
  } catch {
    return null;
  }
}

function safeDue(value: string, now: Date): Date | null {
  try {
    const due = dueFrom(value, now);
    return Number.isNaN(due.getTime()) ? null : due;
  } catch {
    return null;
  }
}

async function reconcileActionCalls(tx: Db, instance: InstanceRow, definition: DefinitionRow, waits: StepResult['waits'], variables: Record<string, unknown>, now: Date): Promise<void> {
  await tx.query(
    `UPDATE engine_action_calls SET status = 'cancelled', finished_at = $3, lease_until = NULL
      WHERE instance_id = $1 AND NOT detached AND status IN ('pending', 'running', 'incident') AND NOT (execution_id = ANY($2::text[]))`,
    [instance.id, waits.map((w) => w.executionId), now]);
  if (!waits.length) return;
  const rows = actionCallRowsFor(definition, waits, variables);
  // The idempotency key counts entries of the activity in this instance (a loop back
  // re-enters it: a new call), and stays the same across retries of one call.
  await tx.query(
    `INSERT INTO engine_action_calls (instance_id, activity_id, execution_id, action, input, idempotency_key, status, max_attempts,
                                      next_attempt_at, last_error, created_at)
     SELECT $1::bigint, c.activity_id, c.execution_id, c.action, c.input,
            $1::bigint::text || ':' || c.activity_id || ':' || (1 + (SELECT count(*) FROM engine_action_calls p WHERE p.instance_id = $1::bigint AND p.activity_id = c.activity_id)),
            CASE WHEN c.error IS NULL THEN 'pending' ELSE 'incident' END, c.max_attempts, $3, c.error, $3
       FROM jsonb_to_recordset($2::jsonb) AS c(execution_id text, activity_id text, action text, input jsonb, max_attempts int, error text)
      WHERE NOT EXISTS (SELECT 1 FROM engine_action_calls e WHERE e.instance_id = $1::bigint AND e.execution_id = c.execution_id)`,
    [instance.id, JSON.stringify(rows), now]);
  await tx.query(
    `INSERT INTO engine_incidents (instance_id, activity_id, action_call_id, kind, error, status, created_at)
     SELECT c.instance_id, c.activity_id, c.id, 'action_input', c.last_error, 'open', $2 FROM engine_action_calls c
      WHERE c.instance_id = $1 AND c.status = 'incident' AND c.created_at = $2
        AND NOT EXISTS (SELECT 1 FROM engine_incidents i WHERE i.action_call_id = c.id AND i.status = 'open')`,
    [instance.id, now]);
}

/** The engine_action_calls rows of a step's action waits (shared with the bulk start). */
export function actionCallRowsFor(definition: DefinitionRow, waits: StepResult['waits'], variables: Record<string, unknown>) {
  return waits.map((w) => {
    const settings = definition.model.actionTasks[w.activityId]!;
    let input: unknown = variables;
    let error: string | null = null;
    if (settings.input) {
      try {
        input = evaluateFeel(settings.input, variables);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    return { execution_id: w.executionId, activity_id: w.activityId, action: settings.action, input: input ?? {}, max_attempts: settings.maxAttempts, error };
  });
}

async function reconcileSubscriptions(tx: Db, instance: InstanceRow, definition: DefinitionRow, waits: StepResult['waits']): Promise<void> {
  await tx.query('DELETE FROM engine_message_subscriptions WHERE instance_id = $1 AND NOT (execution_id = ANY($2::text[]))', [instance.id, waits.map((w) => w.executionId)]);
  if (!waits.length) return;
  const rows = waits.map((w) => ({ execution_id: w.executionId, activity_id: w.activityId, ...definition.model.messageWaits[w.activityId]! }));
  await tx.query(
    `INSERT INTO engine_message_subscriptions (instance_id, message_name, message_ref, business_key, activity_id, execution_id)
     SELECT $1, s."messageName", s."messageRef", $2, s.activity_id, s.execution_id
       FROM jsonb_to_recordset($3::jsonb) AS s(execution_id text, activity_id text, "messageRef" text, "messageName" text)
     ON CONFLICT (instance_id, execution_id) DO NOTHING`,
    [instance.id, instance.business_key, JSON.stringify(rows)]);
}

async function reconcileTimers(tx: Db, instance: InstanceRow, result: StepResult): Promise<void> {
  await tx.query('DELETE FROM engine_timers WHERE instance_id = $1 AND NOT (execution_id = ANY($2::text[]))', [instance.id, result.timers.map((t) => t.executionId)]);
  if (!result.timers.length) return;
  await tx.query(
    `INSERT INTO engine_timers (instance_id, definition_id, activity_id, execution_id, timer_type, timer_value, due_at)
     SELECT $1, $2, t."activityId", t."executionId", t."timerType", t."timerValue", t."expireAt"
       FROM jsonb_to_recordset($3::jsonb) AS t("activityId" text, "executionId" text, "timerType" text, "timerValue" text, "expireAt" timestamptz)
     ON CONFLICT (instance_id, execution_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
    [instance.id, instance.definition_id, JSON.stringify(result.timers)]);
}

/** SLA breach: hand the attached task to a role and notify (through the 'notify' action). */
async function escalate(tx: Db, instance: InstanceRow, definition: DefinitionRow, result: StepResult, actor: Actor, now: Date): Promise<void> {
  for (const fired of result.escalations) {
    const escalation = definition.model.escalations[fired.boundaryId]!;
    const tasks = await tx.query<{ id: number; name: string | null }>(
      `UPDATE engine_tasks SET escalated_at = $3,
              candidate_roles = CASE WHEN $4::text IS NULL THEN candidate_roles ELSE ARRAY[$4::text] END,
              -- Handed to a role: the group it was offered to no longer holds it.
              candidate_groups = CASE WHEN $4::text IS NULL THEN candidate_groups ELSE '{}'::text[] END,
              assignee = CASE WHEN $4::text IS NULL THEN assignee ELSE NULL END
        WHERE instance_id = $1 AND activity_id = $2 AND status = 'open' RETURNING id, name`,
      [instance.id, escalation.attachedTo, now, escalation.toRole]);
    await insertEvents(tx, instance, actor, tasks.map((t) => ({
      event: 'task.escalated', activity_id: escalation.attachedTo, activity_type: 'bpmn:UserTask', activity_name: t.name,
      data: { taskId: t.id, toRole: escalation.toRole, notifyRole: escalation.notifyRole }, at: now,
    })));
    const notifyRole = escalation.notifyRole ?? escalation.toRole;
    if (!notifyRole || tasks.length === 0) continue;
    const input = {
      recipientRole: notifyRole,
      subject: `SLA breached: ${tasks.map((t) => t.name ?? escalation.attachedTo).join(', ')} (${definition.model.name ?? instance.process_id}${instance.business_key ? ` ${instance.business_key}` : ''})`,
      instanceId: instance.id,
      taskId: tasks[0]!.id,
    };
    await tx.query(
      `INSERT INTO engine_action_calls (instance_id, activity_id, execution_id, action, input, idempotency_key, status, detached, max_attempts, next_attempt_at, created_at)
       VALUES ($1::bigint, $2::text, $3::text, 'notify', $4, $1::bigint::text || ':' || $2::text || ':' || $3::text, 'pending', true, 5, $5, $5)
       ON CONFLICT DO NOTHING`,
      [instance.id, fired.boundaryId, fired.executionId, JSON.stringify(input), now]);
  }
}

import type { Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { oneStatement, type SqlWrite } from '../../platform/db/one-statement.ts';
import type { DefinitionRow } from '../definitions/definitions.sql.ts';
import { metrics } from '../../platform/metrics/registry.ts';
import { evaluateFeel } from '../feel/feel-expression.ts';
import { dueFrom } from '../timers/due-time.ts';
import type { InstanceRow, TaskSla } from './instance-row.ts';
import type { StepResult } from './run-step.ts';
import { signalActionCalls } from './work-signal.ts';

export const USER_WAITS = new Set(['bpmn:UserTask', 'bpmn:ManualTask']);
export const ACTION_WAITS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask']);

/** Extra audit events the caller adds to a step (task completed, message received…). */
export interface ExtraEvent {
  event: string;
  activityId?: string | null;
  data?: Record<string, unknown>;
}

export interface PersistOptions {
  /** Audit events the caller adds (task completed, message received…). */
  extra?: ExtraEvent[];
  /**
   * The instance is new: its row is inserted with its first state in the step's statement
   * (nothing to reconcile yet), started by this label.
   */
  startedBy?: string;
  /** The caller's own writes for this step (a task's completion, an audit row), joined into the same statement. */
  also?: SqlWrite[];
  /** Tasks a write in `also` closes: the step leaves them alone (a statement may change a row only once). */
  closedTaskIds?: number[];
}

/**
 * Writes what a step observed, in the transaction holding the instance lock (or, for a new
 * instance, as the statement that makes it exist): the engine state and variables, the audit
 * trail, and Rebound's rows for every wait — open tasks, action calls, message subscriptions,
 * timers, incidents. Rows of waits that ended are closed in the same statement. All of it is
 * ONE statement (oneStatement): a step costs one round trip, whatever it touched — measured on
 * the engine bench, round trips were most of a persisted instance's time (decision 047). An
 * escalation, which reads the tasks it hands on, follows in statements of its own.
 */
export async function persistStep(tx: Db, clock: Clock, instance: InstanceRow, definition: DefinitionRow, result: StepResult, actor: Actor, options: PersistOptions = {}): Promise<void> {
  const now = clock.now();
  const model = definition.model;
  // Counted as written; a step whose transaction then rolls back is counted too (rare: a lost lock race).
  metrics.engineSteps.inc({ process: instance.process_id });
  const fresh = options.startedBy !== undefined;
  const userWaits = result.waits.filter((w) => USER_WAITS.has(w.type));
  const slas = userWaits.length ? instance.task_slas ?? await taskSlas(tx, instance.process_id) : [];
  const actionWaits = result.waits.filter((w) => ACTION_WAITS.has(w.type) && model.actionTasks[w.activityId]);
  const messageWaits = result.waits.filter((w) => model.messageWaits[w.activityId]);
  const incidents = [
    ...result.decisionFailures.map((f) => ({ activity_id: f.activityId, kind: 'decision_failed', error: f.error })),
    ...result.conditionFailures.map((f) => ({ activity_id: f.activityId, kind: 'condition_failed', error: f.error })),
    ...(result.error ? [{ activity_id: '', kind: 'engine_error', error: result.error }] : []),
  ];
  const writes: StepWrite[] = [
    fresh ? instanceInsert(instance, result, options.startedBy!, now) : instanceUpdate(instance, result, now),
    ...(options.also ?? []),
    ...eventsWrites(instance, actor, eventRowsFor(definition, result, options.extra ?? [], now)),
    ...taskWrites(instance, definition, userWaits, slas, options.closedTaskIds ?? [], fresh, now),
    ...actionCallWrites(instance, definition, actionWaits, result.variables, fresh, now),
    ...subscriptionWrites(instance, definition, messageWaits, fresh),
    ...timerWrites(instance, result, fresh),
    ...incidentWrites(instance, result, incidents, fresh, now),
  ];
  const statement = oneStatement(writes.map((write, n) => ({ ...write, name: write.name ?? `w${n}` })));
  if (!result.escalations.length) {
    await tx.query(statement.sql, statement.params);
  } else {
    await tx.transaction(async (t) => {
      await t.query(statement.sql, statement.params);
      await escalate(t, instance, definition, result, actor, now);
    });
  }
  if (actionWaits.length) signalActionCalls(tx);
}

/** A write of the step's statement; a name lets a later write read its RETURNING rows. */
type StepWrite = SqlWrite & { name?: string };

async function taskSlas(tx: Db, processId: string): Promise<TaskSla[]> {
  return tx.query<TaskSla>('SELECT activity_id, due_in FROM engine_task_slas WHERE process_id = $1', [processId]);
}

function instanceUpdate(instance: InstanceRow, result: StepResult, now: Date): SqlWrite {
  return {
    sql: `UPDATE engine_instances SET state = $2, variables = $3, status = $4, updated_at = $5,
                 ended_at = CASE WHEN $4 = 'running' THEN NULL ELSE $5::timestamptz END, error = $6 WHERE id = $1`,
    params: [instance.id, JSON.stringify(result.state), JSON.stringify(result.variables), statusOf(result), now, result.error],
  };
}

function instanceInsert(instance: InstanceRow, result: StepResult, startedBy: string, now: Date): SqlWrite {
  return {
    sql: `INSERT INTO engine_instances (id, definition_id, process_id, business_key, status, variables, state, started_by, started_at, updated_at, ended_at, error)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, CASE WHEN $5 = 'running' THEN NULL ELSE $9::timestamptz END, $10)`,
    params: [instance.id, instance.definition_id, instance.process_id, instance.business_key, statusOf(result), JSON.stringify(result.variables),
      JSON.stringify(result.state), startedBy, now, result.error],
  };
}

export function statusOf(result: StepResult): 'running' | 'completed' | 'failed' {
  return result.error ? 'failed' : result.completed ? 'completed' : 'running';
}

function incidentWrites(instance: InstanceRow, result: StepResult, incidents: { activity_id: string; kind: string; error: string }[], fresh: boolean, now: Date): SqlWrite[] {
  const writes: SqlWrite[] = [];
  // A condition decided after all (a variable came by another path) leaves no incident open:
  // every step re-decides the conditions its waiting gateways and events depend on.
  if (!fresh) {
    writes.push({
      sql: `UPDATE engine_incidents SET status = 'resolved', resolved_at = $3, resolved_by = 'engine'
             WHERE instance_id = $1 AND kind = 'condition_failed' AND status = 'open' AND NOT (activity_id = ANY($2::text[]))`,
      params: [instance.id, result.conditionFailures.map((f) => f.activityId), now],
    });
  }
  if (incidents.length) {
    // The open incidents read here are the snapshot's: the resolution above never touches an
    // activity that failed again, so the two agree.
    writes.push({
      sql: `INSERT INTO engine_incidents (instance_id, activity_id, kind, error, status, created_at)
            SELECT $1, i.activity_id, i.kind, i.error, 'open', $3 FROM jsonb_to_recordset($2::jsonb) AS i(activity_id text, kind text, error text)
             WHERE NOT EXISTS (SELECT 1 FROM engine_incidents o WHERE o.instance_id = $1 AND o.activity_id = i.activity_id AND o.kind = i.kind AND o.status = 'open')`,
      params: [instance.id, JSON.stringify(incidents), now],
    });
  }
  return writes;
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
  for (const write of eventsWrites(instance, actor, events)) await tx.query(write.sql, write.params);
}

function eventsWrites(instance: Pick<InstanceRow, 'id' | 'process_id' | 'business_key'>, actor: Actor, events: EventRow[]): SqlWrite[] {
  if (!events.length) return [];
  // Ordered by position, so the events' ids follow the order they happened in.
  return [{
    sql: `INSERT INTO engine_events (instance_id, process_id, business_key, event, activity_id, activity_type, activity_name, actor_kind, actor_label, data, at)
          SELECT $1, $2, $3, e.j->>'event', e.j->>'activity_id', e.j->>'activity_type', e.j->>'activity_name', $4, $5,
                 coalesce(e.j->'data', '{}'), (e.j->>'at')::timestamptz
            FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS e(j, n)
           ORDER BY e.n`,
    params: [instance.id, instance.process_id, instance.business_key, actor.kind, actor.label, JSON.stringify(events)],
  }];
}

function taskWrites(instance: InstanceRow, definition: DefinitionRow, waits: StepResult['waits'], slas: TaskSla[], closedTaskIds: number[], fresh: boolean, now: Date): SqlWrite[] {
  const writes: SqlWrite[] = [];
  if (!fresh) {
    writes.push({
      sql: `UPDATE engine_tasks SET status = 'cancelled', completed_at = $3
             WHERE instance_id = $1 AND status = 'open' AND NOT (execution_id = ANY($2::text[])) AND NOT (id = ANY($4::bigint[]))`,
      params: [instance.id, waits.map((w) => w.executionId), now, closedTaskIds],
    });
  }
  if (!waits.length) return writes;
  const rows = taskRowsFor(definition, waits, instance.variables, slas, now);
  writes.push({
    sql: `INSERT INTO engine_tasks (instance_id, execution_id, activity_id, name, process_id, business_key, status, assignee,
                                    candidate_roles, candidate_groups, priority, due_at, form_id, created_at)
          SELECT $1, t.execution_id, t.activity_id, t.name, $2, $3, 'open', t.assignee,
                 ARRAY(SELECT jsonb_array_elements_text(t.candidate_roles)), ARRAY(SELECT jsonb_array_elements_text(t.candidate_groups)),
                 t.priority, t.due_at, t.form_id, $5
            FROM jsonb_to_recordset($4::jsonb) AS t(execution_id text, activity_id text, name text, assignee text, candidate_roles jsonb,
                                                    candidate_groups jsonb, priority int, due_at timestamptz, form_id bigint)
          ON CONFLICT (instance_id, execution_id) DO NOTHING`,
    params: [instance.id, instance.process_id, instance.business_key, JSON.stringify(rows), now],
  });
  return writes;
}

/** The engine_tasks rows of a step's user waits (shared with the bulk start). */
export function taskRowsFor(definition: DefinitionRow, waits: StepResult['waits'], variables: Record<string, unknown>, slas: TaskSla[], now: Date) {
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

function actionCallWrites(instance: InstanceRow, definition: DefinitionRow, waits: StepResult['waits'], variables: Record<string, unknown>, fresh: boolean, now: Date): StepWrite[] {
  const writes: StepWrite[] = [];
  if (!fresh) {
    writes.push({
      sql: `UPDATE engine_action_calls SET status = 'cancelled', finished_at = $3, lease_until = NULL
             WHERE instance_id = $1 AND NOT detached AND status IN ('pending', 'running', 'incident') AND NOT (execution_id = ANY($2::text[]))`,
      params: [instance.id, waits.map((w) => w.executionId), now],
    });
  }
  if (!waits.length) return writes;
  const rows = actionCallRowsFor(definition, waits, variables);
  // The idempotency key counts entries of the activity in this instance (a loop back
  // re-enters it: a new call), and stays the same across retries of one call.
  writes.push({
    name: 'new_action_calls',
    sql: `INSERT INTO engine_action_calls (instance_id, activity_id, execution_id, action, input, idempotency_key, status, max_attempts,
                                           next_attempt_at, last_error, created_at)
          SELECT $1::bigint, c.activity_id, c.execution_id, c.action, c.input,
                 $1::bigint::text || ':' || c.activity_id || ':' || (1 + (SELECT count(*) FROM engine_action_calls p WHERE p.instance_id = $1::bigint AND p.activity_id = c.activity_id)),
                 CASE WHEN c.error IS NULL THEN 'pending' ELSE 'incident' END, c.max_attempts, $3, c.error, $3
            FROM jsonb_to_recordset($2::jsonb) AS c(execution_id text, activity_id text, action text, input jsonb, max_attempts int, error text)
           WHERE NOT EXISTS (SELECT 1 FROM engine_action_calls e WHERE e.instance_id = $1::bigint AND e.execution_id = c.execution_id)
          RETURNING id, activity_id, status, last_error`,
    params: [instance.id, JSON.stringify(rows), now],
  });
  // An input that could not be evaluated: the new call waits as an incident, not as a call.
  if (rows.some((r) => r.error !== null)) {
    writes.push({
      sql: `INSERT INTO engine_incidents (instance_id, activity_id, action_call_id, kind, error, status, created_at)
            SELECT $1::bigint, c.activity_id, c.id, 'action_input', c.last_error, 'open', $2 FROM new_action_calls c WHERE c.status = 'incident'`,
      params: [instance.id, now],
    });
  }
  return writes;
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

function subscriptionWrites(instance: InstanceRow, definition: DefinitionRow, waits: StepResult['waits'], fresh: boolean): SqlWrite[] {
  const writes: SqlWrite[] = [];
  if (!fresh) {
    writes.push({
      sql: 'DELETE FROM engine_message_subscriptions WHERE instance_id = $1 AND NOT (execution_id = ANY($2::text[]))',
      params: [instance.id, waits.map((w) => w.executionId)],
    });
  }
  if (!waits.length) return writes;
  const rows = waits.map((w) => ({ execution_id: w.executionId, activity_id: w.activityId, ...definition.model.messageWaits[w.activityId]! }));
  writes.push({
    sql: `INSERT INTO engine_message_subscriptions (instance_id, message_name, message_ref, business_key, activity_id, execution_id)
          SELECT $1, s."messageName", s."messageRef", $2, s.activity_id, s.execution_id
            FROM jsonb_to_recordset($3::jsonb) AS s(execution_id text, activity_id text, "messageRef" text, "messageName" text)
          ON CONFLICT (instance_id, execution_id) DO NOTHING`,
    params: [instance.id, instance.business_key, JSON.stringify(rows)],
  });
  return writes;
}

function timerWrites(instance: InstanceRow, result: StepResult, fresh: boolean): SqlWrite[] {
  const writes: SqlWrite[] = [];
  if (!fresh) {
    writes.push({
      sql: 'DELETE FROM engine_timers WHERE instance_id = $1 AND NOT (execution_id = ANY($2::text[]))',
      params: [instance.id, result.timers.map((t) => t.executionId)],
    });
  }
  if (!result.timers.length) return writes;
  writes.push({
    sql: `INSERT INTO engine_timers (instance_id, definition_id, activity_id, execution_id, timer_type, timer_value, due_at)
          SELECT $1, $2, t."activityId", t."executionId", t."timerType", t."timerValue", t."expireAt"
            FROM jsonb_to_recordset($3::jsonb) AS t("activityId" text, "executionId" text, "timerType" text, "timerValue" text, "expireAt" timestamptz)
          ON CONFLICT (instance_id, execution_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
    params: [instance.id, instance.definition_id, JSON.stringify(result.timers)],
  });
  return writes;
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

import { systemActor, type Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { metrics } from '../../platform/metrics/registry.ts';
import { definitionById, latestDefinition, type DefinitionRow } from '../definitions/definitions.sql.ts';
import type { InstanceRow } from './instance-row.ts';
import { signalActionCalls } from './work-signal.ts';
import { ACTION_WAITS, USER_WAITS, actionCallRowsFor, eventRowsFor, persistStep, taskRowsFor, type ExtraEvent } from './persist-step.ts';
import { decideCondition } from '../conditions/condition.ts';
import { runStep, type StepResult, type Variables } from './run-step.ts';
import { sourceContextFor } from './source-context.ts';
import type { StartedInstance } from './start-instance.ts';
import { deciderFor, type EngineDeps } from './step-instance.ts';

export interface StartInstancesItem {
  businessKey?: string | null;
  variables?: Variables;
  /** Who started this one (written as `started_by` and on its audit events); the input's actor otherwise. */
  actor?: Actor;
}

export interface StartInstancesInput {
  processId?: string;
  definitionId?: number;
  items: StartInstancesItem[];
  actor?: Actor;
  /** Instances per transaction (default 500). */
  batchSize?: number;
}

/**
 * Starts many instances of one process definition, set-based (issue 17.1). Each batch is ONE
 * transaction: the ids are drawn from the sequence in one statement, every instance runs to its
 * first waits in memory exactly as `startInstance` runs it (same bpmn-engine step, same
 * decisions, same conditions over its own variables), and the rows of the whole batch are
 * written with one multi-row INSERT per table — instances (with their first state), audit
 * events, tasks, action calls (and their input incidents), message subscriptions, timers.
 * The rows are the same as `startInstance` writes, item by item, in item order; the results
 * come back in item order.
 *
 * An instance whose first step is unusual — it failed, a decision or condition could not be
 * decided, or an escalation fired — is written through `persistStep` like a single start
 * (same incidents, same escalation), inside the same batch transaction.
 *
 * The in-memory run is most of a bulk start's time (measured: ~4 ms of ~5 ms per instance;
 * ~25 ms for processes/win-back.bpmn), so when the first item's run provably depended on its
 * variables only through the conditions it decided (see `clonable`), every other item whose
 * variables decide each of those conditions the same way gets a copy of its step with its own
 * variables put in the state instead of a run of its own; an item that decides one differently
 * runs. Anything else that may read variables on the way to the first wait — a decision, a
 * timer, a loop, a boundary event, an activity outside a short list — makes every item run.
 *
 * Like `startInstance`, there is no idempotency on the business key: callers that must start
 * once (segment entries) hold their own lock and write the instance id back in the same
 * transaction.
 */
export async function startInstances(deps: EngineDeps, input: StartInstancesInput): Promise<StartedInstance[]> {
  const batchSize = Math.max(1, input.batchSize ?? 500);
  const started: StartedInstance[] = [];
  for (let i = 0; i < input.items.length; i += batchSize) {
    const batch = input.items.slice(i, i + batchSize);
    started.push(...(await deps.db.transaction((tx) => startBatch({ db: tx, clock: deps.clock }, input, batch))));
  }
  return started;
}

interface Prepared {
  instance: InstanceRow;
  actor: Actor;
  variables: Variables;
  result: StepResult;
  extra: ExtraEvent[];
  simple: boolean;
}

async function startBatch(deps: EngineDeps, input: StartInstancesInput, items: StartInstancesItem[]): Promise<StartedInstance[]> {
  const tx = deps.db;
  let definition: DefinitionRow;
  if (input.definitionId) definition = await definitionById(tx, input.definitionId);
  else if (input.processId) definition = await latestDefinition(tx, input.processId);
  else throw new AppError('invalid', 'name a process to start');
  if (!definition.model.executable) {
    throw new AppError('conflict', `process ${definition.process_id} is not executable (isExecutable="false" in the model)`, 'engine.not_executable');
  }
  const now = deps.clock.now();
  const idRows = await tx.query<{ id: string | number }>(
    `SELECT nextval(pg_get_serial_sequence('engine_instances', 'id')) AS id FROM generate_series(1, $1::int)`, [items.length]);
  const ids = idRows.map((r) => Number(r.id)).sort((a, b) => a - b);
  const source = await sourceContextFor(definition.id, definition.xml);
  const decide = deciderFor(tx, definition);

  const prepared: Prepared[] = [];
  let template: { result: StepResult; variables: Variables } | null = null;
  for (const [n, item] of items.entries()) {
    const variables = item.variables ?? {};
    // What startInstance's step sees: the variables as stored (a JSON round trip).
    const stored = JSON.parse(JSON.stringify(variables)) as Variables;
    const instance: InstanceRow = { id: ids[n]!, definition_id: definition.id, process_id: definition.process_id, business_key: item.businessKey ?? null, status: 'running', variables: stored, state: null };
    let result: StepResult;
    if (template && decidesAlike(template.result, stored)) result = cloneStep(template, instance.id, stored);
    else {
      result = await runStep({ instanceId: instance.id, model: definition.model, source, state: null, variables: stored, clock: deps.clock, command: { kind: 'start' }, decide });
      if (!template && clonable(definition, result)) template = { result, variables: stored };
    }
    const simple = !result.error && !result.escalations.length && !result.decisionFailures.length && !result.conditionFailures.length;
    prepared.push({ instance, actor: item.actor ?? input.actor ?? systemActor, variables, result, simple, extra: [{ event: 'instance.started', data: { version: definition.version, variables } }] });
  }

  const statusOf = (r: StepResult) => (r.error ? 'failed' : r.completed ? 'completed' : 'running');
  // Simple ones are inserted with their first state; the others as startInstance inserts them, then persisted by persistStep.
  await tx.query(
    `INSERT INTO engine_instances (id, definition_id, process_id, business_key, status, variables, state, started_by, started_at, updated_at, ended_at, error)
     SELECT i.id, $2, $3, i.business_key, i.status, i.variables, i.state, i.started_by, $4, $4,
            CASE WHEN i.status = 'running' THEN NULL ELSE $4::timestamptz END, NULL
       FROM jsonb_to_recordset($1::jsonb) AS i(id bigint, business_key text, status text, variables jsonb, state jsonb, started_by text)`,
    [JSON.stringify(prepared.map((p) => ({
      id: p.instance.id, business_key: p.instance.business_key, started_by: p.actor.label,
      status: p.simple ? statusOf(p.result) : 'running',
      variables: p.simple ? p.result.variables : p.variables,
      state: p.simple ? p.result.state : null,
    }))), definition.id, definition.process_id, now]);

  const simple = prepared.filter((p) => p.simple);
  if (simple.length) {
    metrics.engineSteps.inc({ process: definition.process_id }, simple.length);
    await writeSimple(tx, definition, simple, now);
  }
  for (const p of prepared) if (!p.simple) await persistStep(tx, deps.clock, p.instance, definition, p.result, p.actor, { extra: p.extra });
  return prepared.map((p) => ({ instanceId: p.instance.id, processId: definition.process_id, version: definition.version, status: statusOf(p.result) }));
}

/**
 * Activities whose entering reads no variable in bpmn-engine: a start event (a plain start:
 * bulk starts take no message or timer start), the waits Rebound persists, an end event, and an
 * exclusive gateway (its conditions are recorded and checked per item: `decidesAlike`).
 */
const CLONABLE_ACTIVITIES = new Set(['bpmn:StartEvent', 'bpmn:UserTask', 'bpmn:ManualTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask', 'bpmn:ExclusiveGateway']);

/**
 * Whether a first step reached its waits depending on the variables only through the conditions
 * it decided, so that another item's step is this one with other variables when its variables
 * decide those conditions alike: no decision was read, nothing failed or fired, no timer was set
 * (its value may be an expression), no variable was written, every activity entered is a plain
 * one with no loop (a multi-instance collection or cardinality reads variables inside
 * bpmn-engine) and no boundary event attached (a conditional one reads them).
 */
function clonable(definition: DefinitionRow, result: StepResult): boolean {
  if (result.decisionsRead || result.error || result.completed || result.timers.length || result.escalations.length) return false;
  if (result.decisionFailures.length || result.conditionFailures.length || Object.keys(result.changedVariables).length) return false;
  const entered = new Set<string>();
  for (const e of result.events) {
    if (!e.activityId) continue;
    if (e.activityType === undefined || e.activityType === null || !CLONABLE_ACTIVITIES.has(e.activityType)) return false;
    entered.add(e.activityId);
  }
  return [...entered].every((id) => !definition.xml.includes(`attachedToRef="${id}"`) && !/LoopCharacteristics/i.test(elementXml(definition.xml, id)));
}

/** The XML of the element with this id, from its opening tag to its closing tag (tasks and events do not nest their own kind). */
function elementXml(xml: string, id: string): string {
  const open = new RegExp(`<((?:[\\w-]+:)?[\\w-]+)\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*?(/?)>`).exec(xml);
  if (!open) return '';
  if (open[2] === '/') return open[0];
  const close = xml.indexOf(`</${open[1]}>`, open.index);
  return close < 0 ? xml.slice(open.index) : xml.slice(open.index, close);
}

/** Whether these variables decide every condition the template's step decided the same way. */
function decidesAlike(template: StepResult, variables: Variables): boolean {
  return template.conditionsDecided.every(({ condition, value }) => {
    const outcome = decideCondition(condition, variables);
    return outcome.decided && outcome.value === value;
  });
}

/** The template's step for another instance: its state with the instance's name and variables. */
function cloneStep(template: { result: StepResult; variables: Variables }, instanceId: number, variables: Variables): StepResult {
  type Env = { variables: Variables };
  const state = structuredClone(template.result.state) as { name?: string; definitions: { environment?: Env; execution?: { processes?: { environment?: Env }[] } }[] };
  state.name = `instance-${instanceId}`;
  const swap = (env: Env | undefined) => {
    if (!env?.variables) return;
    for (const key of Object.keys(template.variables)) delete env.variables[key];
    Object.assign(env.variables, structuredClone(variables));
  };
  for (const definition of state.definitions) {
    swap(definition.environment);
    for (const process of definition.execution?.processes ?? []) swap(process.environment);
  }
  return { ...template.result, state, variables: { ...variables }, changedVariables: {} };
}

/**
 * One INSERT per table for the whole batch; the same rows persistStep writes for a first step.
 * A set-returning function over one array is read in array order, so ids follow item order.
 */
async function writeSimple(tx: Db, definition: DefinitionRow, prepared: Prepared[], now: Date): Promise<void> {
  const model = definition.model;
  const events = prepared.flatMap((p) => eventRowsFor(definition, p.result, p.extra, now).map((e) => ({
    ...e, instance_id: p.instance.id, business_key: p.instance.business_key, actor_kind: p.actor.kind, actor_label: p.actor.label,
  })));
  if (events.length) {
    await tx.query(
      `INSERT INTO engine_events (instance_id, process_id, business_key, event, activity_id, activity_type, activity_name, actor_kind, actor_label, data, at)
       SELECT (e.j->>'instance_id')::bigint, $1, e.j->>'business_key', e.j->>'event', e.j->>'activity_id', e.j->>'activity_type', e.j->>'activity_name',
              e.j->>'actor_kind', e.j->>'actor_label', coalesce(e.j->'data', '{}'), (e.j->>'at')::timestamptz
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(j, n)
        ORDER BY e.n`,
      [definition.process_id, JSON.stringify(events)]);
  }

  const slas = prepared.some((p) => p.result.waits.some((w) => USER_WAITS.has(w.type)))
    ? await tx.query<{ activity_id: string; due_in: string }>('SELECT activity_id, due_in FROM engine_task_slas WHERE process_id = $1', [definition.process_id])
    : [];
  const tasks = prepared.flatMap((p) => taskRowsFor(definition, p.result.waits.filter((w) => USER_WAITS.has(w.type)), p.instance.variables, slas, now)
    .map((t) => ({ ...t, instance_id: p.instance.id, business_key: p.instance.business_key })));
  if (tasks.length) {
    await tx.query(
      `INSERT INTO engine_tasks (instance_id, execution_id, activity_id, name, process_id, business_key, status, assignee,
                                 candidate_roles, candidate_groups, priority, due_at, form_id, created_at)
       SELECT t.instance_id, t.execution_id, t.activity_id, t.name, $1, t.business_key, 'open', t.assignee,
              ARRAY(SELECT jsonb_array_elements_text(t.candidate_roles)), ARRAY(SELECT jsonb_array_elements_text(t.candidate_groups)),
              t.priority, t.due_at, t.form_id, $3
         FROM jsonb_to_recordset($2::jsonb) AS t(instance_id bigint, business_key text, execution_id text, activity_id text, name text,
                                                 assignee text, candidate_roles jsonb, candidate_groups jsonb, priority int, due_at timestamptz, form_id bigint)`,
      [definition.process_id, JSON.stringify(tasks), now]);
  }

  const calls = prepared.flatMap((p) => actionCallRowsFor(definition, p.result.waits.filter((w) => ACTION_WAITS.has(w.type) && model.actionTasks[w.activityId]), p.result.variables)
    .map((c) => ({ ...c, instance_id: p.instance.id })));
  if (calls.length) {
    // New instances: no earlier call of the activity, so the idempotency key ends in ':1' (as persistStep's count gives).
    await tx.query(
      `INSERT INTO engine_action_calls (instance_id, activity_id, execution_id, action, input, idempotency_key, status, max_attempts,
                                        next_attempt_at, last_error, created_at)
       SELECT c.instance_id, c.activity_id, c.execution_id, c.action, c.input, c.instance_id::text || ':' || c.activity_id || ':1',
              CASE WHEN c.error IS NULL THEN 'pending' ELSE 'incident' END, c.max_attempts, $2, c.error, $2
         FROM jsonb_to_recordset($1::jsonb) AS c(instance_id bigint, execution_id text, activity_id text, action text, input jsonb, max_attempts int, error text)`,
      [JSON.stringify(calls), now]);
    if (calls.some((c) => c.error !== null)) {
      await tx.query(
        `INSERT INTO engine_incidents (instance_id, activity_id, action_call_id, kind, error, status, created_at)
         SELECT c.instance_id, c.activity_id, c.id, 'action_input', c.last_error, 'open', $2 FROM engine_action_calls c
          WHERE c.instance_id = ANY($1::bigint[]) AND c.status = 'incident' ORDER BY c.id`,
        [[...new Set(calls.filter((c) => c.error !== null).map((c) => c.instance_id))], now]);
    }
    signalActionCalls(tx);
  }

  const subscriptions = prepared.flatMap((p) => p.result.waits.filter((w) => model.messageWaits[w.activityId])
    .map((w) => ({ instance_id: p.instance.id, business_key: p.instance.business_key, execution_id: w.executionId, activity_id: w.activityId, ...model.messageWaits[w.activityId]! })));
  if (subscriptions.length) {
    await tx.query(
      `INSERT INTO engine_message_subscriptions (instance_id, message_name, message_ref, business_key, activity_id, execution_id)
       SELECT s.instance_id, s."messageName", s."messageRef", s.business_key, s.activity_id, s.execution_id
         FROM jsonb_to_recordset($1::jsonb) AS s(instance_id bigint, business_key text, execution_id text, activity_id text, "messageRef" text, "messageName" text)`,
      [JSON.stringify(subscriptions)]);
  }

  const timers = prepared.flatMap((p) => p.result.timers.map((t) => ({ ...t, instanceId: p.instance.id })));
  if (timers.length) {
    await tx.query(
      `INSERT INTO engine_timers (instance_id, definition_id, activity_id, execution_id, timer_type, timer_value, due_at)
       SELECT t."instanceId", $1, t."activityId", t."executionId", t."timerType", t."timerValue", t."expireAt"
         FROM jsonb_to_recordset($2::jsonb) AS t("instanceId" bigint, "activityId" text, "executionId" text, "timerType" text, "timerValue" text, "expireAt" timestamptz)`,
      [definition.id, JSON.stringify(timers)]);
  }
}

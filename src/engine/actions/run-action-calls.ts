import { systemActor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { INSTANCE_COLUMNS, type InstanceRow } from '../runtime/instance-row.ts';
import { stepLockedInstance, type EngineDeps } from '../runtime/step-instance.ts';
import { definitionById } from '../definitions/definitions.sql.ts';
import { checkAgainst, findAction, PermanentActionError } from './action-catalogue.ts';

interface ClaimedCall {
  id: number;
  instance_id: number;
  activity_id: string;
  execution_id: string;
  action: string;
  input: unknown;
  idempotency_key: string;
  attempts: number;
  max_attempts: number;
  detached: boolean;
  business_key: string | null;
  definition_id: number;
}

export interface ActionRunOptions {
  /** How long a claimed call is ours; past it (a crashed worker) another worker takes it. */
  leaseSeconds?: number;
  limit?: number;
  /**
   * How many claimed calls run at once. Handlers mostly wait on the database or a remote
   * service, so on PostgreSQL several lanes multiply throughput; each call still records its
   * outcome under its instance's lock. PGlite runs one statement at a time: keep 1 there.
   */
  concurrency?: number;
}

const backoffMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 5 * 60_000);

/**
 * Runs due action calls: claims them (SKIP LOCKED, with a lease), runs each handler outside
 * any transaction, then records the outcome and signals the waiting activity in one
 * transaction under the instance lock. A worker killed mid-call leaves the call 'running'
 * with a lease that runs out; the next worker runs it again with the same idempotency key,
 * so an action that dedupes on the key has its side effect once. Returns the calls run.
 */
export async function runDueActionCalls(deps: EngineDeps, options: ActionRunOptions = {}): Promise<number> {
  const calls = await claimDueCalls(deps, options.leaseSeconds ?? 60, options.limit ?? 20);
  const lanes = Math.max(1, Math.min(options.concurrency ?? 1, calls.length));
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < calls.length) await runCall(deps, calls[next++]!);
  }));
  return calls.length;
}

async function claimDueCalls(deps: EngineDeps, leaseSeconds: number, limit: number): Promise<ClaimedCall[]> {
  const now = deps.clock.now();
  return deps.db.query<ClaimedCall>(
    `UPDATE engine_action_calls c SET status = 'running', attempts = c.attempts + 1, lease_until = $2
       FROM engine_instances i
      WHERE i.id = c.instance_id AND c.id IN (
            SELECT id FROM engine_action_calls
             WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'running' AND lease_until < $1)
             ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING c.id, c.instance_id, c.activity_id, c.execution_id, c.action, c.input, c.idempotency_key, c.attempts,
                c.max_attempts, c.detached, i.business_key, i.definition_id`,
    [now, new Date(now.getTime() + leaseSeconds * 1000), limit]);
}

async function runCall(deps: EngineDeps, call: ClaimedCall): Promise<void> {
  let output: unknown;
  try {
    const action = findAction(call.action);
    if (!action) throw new PermanentActionError(`no action named ${call.action} is registered`);
    checkAgainst(action.input, call.input, `input of action ${call.action}`);
    output = (await action.handler(call.input as never, {
      idempotencyKey: call.idempotency_key,
      instanceId: call.instance_id,
      activityId: call.activity_id,
      businessKey: call.business_key,
      attempt: call.attempts,
      db: deps.db,
      clock: deps.clock,
    })) ?? {};
    if (action.output) checkAgainst(action.output, output, `output of action ${call.action}`);
  } catch (error) {
    await recordFailure(deps, call, error);
    return;
  }
  await deps.db.transaction(async (tx) => {
    // One round trip: the instance is locked first (the order every step uses), then the call
    // is marked done if it is still ours.
    const [row] = await tx.query<InstanceRow & { done: boolean }>(
      `WITH i AS MATERIALIZED (SELECT ${INSTANCE_COLUMNS} FROM engine_instances i WHERE i.id = $5 FOR UPDATE OF i),
            done AS (UPDATE engine_action_calls SET status = 'done', output = $3, finished_at = $4, lease_until = NULL, last_error = NULL
                      WHERE id = $1 AND status = 'running' AND attempts = $2 AND EXISTS (SELECT 1 FROM i) RETURNING id)
       SELECT i.*, EXISTS (SELECT 1 FROM done) AS done FROM i`,
      [call.id, call.attempts, JSON.stringify(output), deps.clock.now(), call.instance_id]);
    if (!row) throw notFound(`process instance ${call.instance_id}`);
    const { done, ...instance } = row;
    // Cancelled meanwhile (an interrupting boundary event), or taken over after our lease ran out.
    if (!done || call.detached || instance.status !== 'running') return;
    const definition = await definitionById(tx, call.definition_id);
    const resultVariable = definition.model.actionTasks[call.activity_id]?.resultVariable;
    const variables = resultVariable ? { [resultVariable]: output } : isPlainObject(output) ? output : {};
    await stepLockedInstance(tx, deps.clock, instance, { kind: 'signal', activityId: call.activity_id, output: variables }, systemActor, [
      { event: 'action.completed', activityId: call.activity_id, data: { action: call.action, attempt: call.attempts, idempotencyKey: call.idempotency_key } },
    ]);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function recordFailure(deps: EngineDeps, call: ClaimedCall, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const now = deps.clock.now();
  const exhausted = error instanceof PermanentActionError || call.attempts >= call.max_attempts;
  await deps.db.transaction(async (tx) => {
    if (!exhausted) {
      await tx.query(
        `UPDATE engine_action_calls SET status = 'pending', next_attempt_at = $3, lease_until = NULL, last_error = $4
          WHERE id = $1 AND status = 'running' AND attempts = $2`,
        [call.id, call.attempts, new Date(now.getTime() + backoffMs(call.attempts)), message]);
      return;
    }
    const [updated] = await tx.query(
      `UPDATE engine_action_calls SET status = 'incident', lease_until = NULL, last_error = $3
        WHERE id = $1 AND status = 'running' AND attempts = $2 RETURNING id`,
      [call.id, call.attempts, message]);
    if (!updated) return;
    await tx.query(
      `INSERT INTO engine_incidents (instance_id, activity_id, action_call_id, kind, error, status, created_at)
       VALUES ($1, $2, $3, 'action_failed', $4, 'open', $5)`,
      [call.instance_id, call.activity_id, call.id, `${call.action} failed after ${call.attempts} attempt${call.attempts === 1 ? '' : 's'}: ${message}`, now]);
    await tx.query(
      `INSERT INTO engine_events (instance_id, process_id, business_key, event, activity_id, actor_kind, actor_label, data, at)
       SELECT id, process_id, business_key, 'incident.raised', $2, 'system', 'rebound', $3, $4 FROM engine_instances WHERE id = $1`,
      [call.instance_id, call.activity_id, JSON.stringify({ action: call.action, error: message }), now]);
  });
}

/**
 * Service-task calls that are running or due now. With runDueActionCalls this tells "the
 * processes have caught up" — a call held by another worker (SKIP LOCKED hides it from
 * runDueActionCalls) still counts until it is done.
 */
export async function openActionCalls(db: Db, now: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM engine_action_calls WHERE status = 'running' OR (status = 'pending' AND next_attempt_at <= $1)`, [now]);
  return Number(row?.n ?? 0);
}

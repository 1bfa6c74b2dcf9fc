import { auditWrite, recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error.ts';
import { formById } from '../forms/forms.sql.ts';
import { validateFormData, type FormSchema } from '../forms/validate-form-data.ts';
import { INSTANCE_COLUMNS, type InstanceRow } from '../runtime/instance-row.ts';
import { insertEvents } from '../runtime/persist-step.ts';
import { stepLockedInstance, type EngineDeps } from '../runtime/step-instance.ts';
import { checkTaskGuard } from './task-guards.ts';
import { candidatesOf, isCandidate, mayWork, type TaskWorker } from './task-worker.ts';

export interface TaskView {
  id: number;
  instanceId: number;
  processId: string;
  businessKey: string | null;
  activityId: string;
  name: string | null;
  status: string;
  assignee: string | null;
  candidateRoles: string[];
  candidateGroups: string[];
  priority: number;
  dueAt: Date | null;
  formId: number | null;
  escalatedAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}

const COLUMNS = `t.id, t.instance_id AS "instanceId", t.process_id AS "processId", t.business_key AS "businessKey", t.activity_id AS "activityId",
  t.name, t.status, t.assignee, t.candidate_roles AS "candidateRoles", t.candidate_groups AS "candidateGroups", t.priority,
  t.due_at AS "dueAt", t.form_id AS "formId", t.escalated_at AS "escalatedAt", t.created_at AS "createdAt",
  t.completed_at AS "completedAt", t.completed_by AS "completedBy"`;

/** How a task list may be ordered; every order ends on the id, so pages never overlap. */
export const TASK_SORTS = {
  due_at: 't.due_at ASC NULLS LAST, t.priority DESC, t.id',
  '-due_at': 't.due_at DESC NULLS LAST, t.priority DESC, t.id',
  '-priority': 't.priority DESC, t.due_at ASC NULLS LAST, t.id',
  priority: 't.priority ASC, t.due_at ASC NULLS LAST, t.id',
  '-created_at': 't.created_at DESC, t.id DESC',
  created_at: 't.created_at ASC, t.id',
} as const;
export type TaskSort = keyof typeof TASK_SORTS;

export interface TaskFilter {
  status?: 'open' | 'completed' | 'cancelled';
  /** Only tasks assigned to the worker. */
  mine?: boolean;
  /** Only unassigned tasks the worker may claim: one of their roles or groups is a candidate (or none is named). */
  offered?: boolean;
  sort?: TaskSort;
  businessKey?: string;
  processId?: string;
  instanceId?: number;
  limit?: number;
  offset?: number;
}

/** The SQL twin of isCandidate: no roles and no groups named, or one of the worker's. */
const candidates = (roles: number, groups: number) =>
  `(cardinality(t.candidate_roles) = 0 AND cardinality(t.candidate_groups) = 0) OR t.candidate_roles && $${roles}::text[] OR t.candidate_groups && $${groups}::text[]`;

/**
 * Tasks a worker may see: assigned to them, or unassigned with one of their roles or groups
 * as candidate (or no candidates named); everything for holders of tasks:assign. Ordered by
 * due time, then priority, unless another order is asked for.
 */
export async function listTasks(db: Db, worker: TaskWorker, filter: TaskFilter = {}): Promise<{ items: TaskView[]; total: number }> {
  const where = [`t.status = $1`];
  const params: unknown[] = [filter.status ?? 'open'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.mine) add('t.assignee = ?', worker.email ?? '');
  else if (filter.offered) {
    params.push(worker.roles, worker.groups);
    where.push(`t.assignee IS NULL AND (${candidates(params.length - 1, params.length)})`);
  } else if (!worker.canAssign) {
    params.push(worker.email ?? '', worker.roles, worker.groups);
    where.push(`(t.assignee = $${params.length - 2} OR (t.assignee IS NULL AND (${candidates(params.length - 1, params.length)})))`);
  }
  if (filter.businessKey) add('t.business_key = ?', filter.businessKey);
  if (filter.processId) add('t.process_id = ?', filter.processId);
  if (filter.instanceId) add('t.instance_id = ?', filter.instanceId);
  const whereSql = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_tasks t WHERE ${whereSql}`, params);
  const items = await db.query<TaskView>(
    `SELECT ${COLUMNS} FROM engine_tasks t WHERE ${whereSql} ORDER BY ${TASK_SORTS[filter.sort ?? 'due_at']}
      LIMIT ${Number(filter.limit ?? 50)} OFFSET ${Number(filter.offset ?? 0)}`, params);
  return { items, total: count?.n ?? 0 };
}

export async function getTask(db: Db, worker: TaskWorker, taskId: number): Promise<TaskView & { form: FormSchema | null; variables: Record<string, unknown> }> {
  const [task] = await db.query<TaskView & { variables: Record<string, unknown> }>(
    `SELECT ${COLUMNS}, i.variables FROM engine_tasks t JOIN engine_instances i ON i.id = t.instance_id WHERE t.id = $1`, [taskId]);
  if (!task) throw notFound(`task ${taskId}`);
  if (!mayWork(worker, { assignee: task.assignee, candidate_roles: task.candidateRoles, candidate_groups: task.candidateGroups }) && task.assignee !== worker.email) throw notFound(`task ${taskId}`);
  return { ...task, form: task.formId ? ((await formById(db, task.formId)) ?? null) : null };
}

interface LockedTask {
  id: number;
  instance_id: number;
  activity_id: string;
  name: string | null;
  status: string;
  assignee: string | null;
  candidate_roles: string[];
  candidate_groups: string[];
  form_id: number | null;
}

/**
 * Locks the instance, then the task (the order every step uses), in one round trip: the
 * instance is locked in a CTE of its own (materialized, so it is read and locked first), the
 * task row by the outer query.
 */
async function lockTask(tx: Db, taskId: number) {
  const [row] = await tx.query<InstanceRow & { task: LockedTask }>(
    `WITH i AS MATERIALIZED (
       SELECT ${INSTANCE_COLUMNS} FROM engine_instances i WHERE i.id = (SELECT instance_id FROM engine_tasks WHERE id = $1) FOR UPDATE OF i)
     SELECT i.*, jsonb_build_object('id', t.id, 'instance_id', t.instance_id, 'activity_id', t.activity_id, 'name', t.name, 'status', t.status,
              'assignee', t.assignee, 'candidate_roles', t.candidate_roles, 'candidate_groups', t.candidate_groups, 'form_id', t.form_id) AS task
       FROM i JOIN engine_tasks t ON t.id = $1 FOR UPDATE OF t`, [taskId]);
  if (!row) throw notFound(`task ${taskId}`);
  const { task, ...instance } = row;
  if (task.status !== 'open') throw new AppError('conflict', `task ${taskId} is ${task.status}`, 'engine.task_not_open');
  return { instance, task };
}

export async function claimTask(deps: EngineDeps, worker: TaskWorker, taskId: number): Promise<void> {
  if (!worker.email) throw forbidden('Only a signed-in user can claim a task');
  await deps.db.transaction(async (tx) => {
    const { instance, task } = await lockTask(tx, taskId);
    if (task.assignee === worker.email) return;
    if (task.assignee) throw new AppError('conflict', `task ${taskId} is assigned to ${task.assignee}`, 'engine.task_assigned');
    if (!isCandidate(worker, task)) throw forbidden(`Task ${taskId} is for ${candidatesOf(task)}`);
    await tx.query('UPDATE engine_tasks SET assignee = $2 WHERE id = $1', [taskId, worker.email]);
    await insertEvents(tx, instance, worker.actor, [{ event: 'task.claimed', activity_id: task.activity_id, activity_type: 'bpmn:UserTask', activity_name: task.name, data: { taskId }, at: deps.clock.now() }]);
    await recordAudit(tx, worker.actor, { action: 'claim', entity: 'task', entityId: taskId });
  });
}

export async function reassignTask(deps: EngineDeps, worker: TaskWorker, taskId: number, to: { assignee?: string | null; candidateRoles?: string[] }): Promise<void> {
  if (!worker.canAssign) throw forbidden('Reassigning needs the tasks:assign permission');
  await deps.db.transaction(async (tx) => {
    const { instance, task } = await lockTask(tx, taskId);
    await tx.query(
      `UPDATE engine_tasks SET assignee = $2, candidate_roles = coalesce($3::text[], candidate_roles) WHERE id = $1`,
      [taskId, to.assignee ?? null, to.candidateRoles ?? null]);
    await insertEvents(tx, instance, worker.actor, [{ event: 'task.reassigned', activity_id: task.activity_id, activity_type: 'bpmn:UserTask', activity_name: task.name, data: { taskId, from: task.assignee, ...to }, at: deps.clock.now() }]);
    await recordAudit(tx, worker.actor, { action: 'reassign', entity: 'task', entityId: taskId, details: to });
  });
}

/**
 * Completes a task with the submitted data, checked against its form; the data become
 * process variables and the instance runs on to its next waits, in one transaction.
 */
export async function completeTask(deps: EngineDeps, worker: TaskWorker, taskId: number, data: Record<string, unknown>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { instance, task } = await lockTask(tx, taskId);
    if (!mayWork(worker, task)) {
      throw task.assignee ? forbidden(`Task ${taskId} is assigned to ${task.assignee}`) : forbidden(`Task ${taskId} is for ${candidatesOf(task)}`);
    }
    if (task.form_id) {
      const form = await formById(tx, task.form_id);
      const errors = form ? validateFormData(form, data) : [];
      if (errors.length) {
        throw new AppError('unprocessable', `${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, 'engine.form_invalid', { errors });
      }
      await checkTaskGuard(tx, form?.id, {
        taskId, instanceId: instance.id, businessKey: instance.business_key, activityId: task.activity_id, variables: instance.variables ?? {}, data,
      });
    }
    // The task's completion and the audit row go into the step's one statement.
    const completion = {
      sql: `UPDATE engine_tasks SET status = 'completed', completed_at = $2, completed_by = $3, data = $4, assignee = coalesce(assignee, $5) WHERE id = $1`,
      params: [taskId, deps.clock.now(), worker.actor.label, JSON.stringify(data), worker.email],
    };
    await stepLockedInstance(tx, deps.clock, instance, { kind: 'signal', activityId: task.activity_id, output: data }, worker.actor, [
      { event: 'task.completed', activityId: task.activity_id, data: { taskId, data } },
    ], { also: [completion, auditWrite(worker.actor, { action: 'complete', entity: 'task', entityId: taskId })], closedTaskIds: [taskId] });
  });
}

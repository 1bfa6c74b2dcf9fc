import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';

export interface ProcessEvent {
  id: number;
  instanceId: number;
  processId: string;
  businessKey: string | null;
  event: string;
  activityId: string | null;
  activityType: string | null;
  activityName: string | null;
  actor: { kind: string; label: string };
  data: Record<string, unknown>;
  at: Date;
}

const COLUMNS = `id, instance_id AS "instanceId", process_id AS "processId", business_key AS "businessKey", event,
  activity_id AS "activityId", activity_type AS "activityType", activity_name AS "activityName",
  json_build_object('kind', actor_kind, 'label', actor_label) AS actor, data, at`;

/** The audit trail of one instance: activities entered and left, by whom, variables changed. */
export async function instanceTimeline(db: Db, instanceId: number): Promise<ProcessEvent[]> {
  return db.query<ProcessEvent>(`SELECT ${COLUMNS} FROM engine_events WHERE instance_id = $1 ORDER BY id`, [instanceId]);
}

/**
 * The process events of every instance with a business key (e.g. a case number), for a
 * case timeline to merge with its own events. `afterId` pages forward.
 */
export async function processEventsForBusinessKey(db: Db, businessKey: string, options: { afterId?: number; limit?: number } = {}): Promise<ProcessEvent[]> {
  return db.query<ProcessEvent>(
    `SELECT ${COLUMNS} FROM engine_events WHERE business_key = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [businessKey, options.afterId ?? 0, options.limit ?? 1000]);
}

export interface InstanceView {
  id: number;
  processId: string;
  version: number;
  businessKey: string | null;
  status: string;
  variables: Record<string, unknown>;
  startedBy: string;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  error: string | null;
}

const INSTANCE_COLUMNS = `i.id, i.process_id AS "processId", d.version, i.business_key AS "businessKey", i.status, i.variables,
  i.started_by AS "startedBy", i.started_at AS "startedAt", i.updated_at AS "updatedAt", i.ended_at AS "endedAt", i.error`;

export async function getInstance(db: Db, instanceId: number): Promise<InstanceView & { waitingAt: { activityId: string; kind: string }[] }> {
  const [row] = await db.query<InstanceView>(
    `SELECT ${INSTANCE_COLUMNS} FROM engine_instances i JOIN engine_definitions d ON d.id = i.definition_id WHERE i.id = $1`, [instanceId]);
  if (!row) throw notFound(`process instance ${instanceId}`);
  const waitingAt = await db.query<{ activityId: string; kind: string }>(`
    SELECT activity_id AS "activityId", 'task' AS kind FROM engine_tasks WHERE instance_id = $1 AND status = 'open'
    UNION ALL SELECT activity_id, 'action' FROM engine_action_calls WHERE instance_id = $1 AND status IN ('pending', 'running', 'incident') AND NOT detached
    UNION ALL SELECT activity_id, 'message' FROM engine_message_subscriptions WHERE instance_id = $1
    UNION ALL SELECT activity_id, 'timer' FROM engine_timers WHERE instance_id = $1`, [instanceId]);
  return { ...row, waitingAt };
}

export async function listInstances(db: Db, filter: { processId?: string; businessKey?: string; status?: string; limit: number; offset: number }) {
  const where: string[] = ['true'];
  const params: unknown[] = [];
  for (const [column, value] of [['i.process_id', filter.processId], ['i.business_key', filter.businessKey], ['i.status', filter.status]] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  const whereSql = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_instances i WHERE ${whereSql}`, params);
  const items = await db.query<InstanceView>(
    `SELECT ${INSTANCE_COLUMNS} FROM engine_instances i JOIN engine_definitions d ON d.id = i.definition_id
      WHERE ${whereSql} ORDER BY i.id DESC LIMIT ${Number(filter.limit)} OFFSET ${Number(filter.offset)}`, params);
  return { items, total: count?.n ?? 0 };
}

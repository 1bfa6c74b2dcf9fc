import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { Variables } from './run-step.ts';

/** A user task due time configured per process ('*') or per task, read with the instance. */
export interface TaskSla {
  activity_id: string;
  due_in: string;
}

export interface InstanceRow {
  id: number;
  definition_id: number;
  process_id: string;
  business_key: string | null;
  status: 'running' | 'completed' | 'failed' | 'terminated';
  variables: Variables;
  state: unknown;
  /** The process's task SLAs, read in the same round trip as the row; persistStep reads them itself when absent. */
  task_slas?: TaskSla[];
}

/**
 * The task SLAs of a process as a jsonb column, and the columns of an InstanceRow, for a query over `engine_instances i`. The SLA settings come
 * along (a few rows of a small table) so that a step that opens tasks needs no query of its own.
 */
export const taskSlasOf = (processIdSql: string) =>
  `coalesce((SELECT jsonb_agg(jsonb_build_object('activity_id', s.activity_id, 'due_in', s.due_in)) FROM engine_task_slas s WHERE s.process_id = ${processIdSql}), '[]') AS task_slas`;

export const INSTANCE_COLUMNS = `i.id, i.definition_id, i.process_id, i.business_key, i.status, i.variables, i.state, ${taskSlasOf('i.process_id')}`;

/**
 * Locks an instance row for one step. Every change to a running instance goes through
 * this lock, so two workers (or a worker and an API request) never step the same
 * instance at once; the second waits and then sees the first one's result.
 */
export async function lockInstance(tx: Db, instanceId: number): Promise<InstanceRow> {
  const [row] = await tx.query<InstanceRow>(`SELECT ${INSTANCE_COLUMNS} FROM engine_instances i WHERE i.id = $1 FOR UPDATE OF i`, [instanceId]);
  if (!row) throw notFound(`process instance ${instanceId}`);
  return row;
}

export function requireRunning(row: InstanceRow): void {
  if (row.status !== 'running') throw new AppError('conflict', `process instance ${row.id} is ${row.status}`, 'engine.instance_not_running');
}

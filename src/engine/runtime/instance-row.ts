import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { Variables } from './run-step.ts';

export interface InstanceRow {
  id: number;
  definition_id: number;
  process_id: string;
  business_key: string | null;
  status: 'running' | 'completed' | 'failed' | 'terminated';
  variables: Variables;
  state: unknown;
}

/**
 * Locks an instance row for one step. Every change to a running instance goes through
 * this lock, so two workers (or a worker and an API request) never step the same
 * instance at once; the second waits and then sees the first one's result.
 */
export async function lockInstance(tx: Db, instanceId: number): Promise<InstanceRow> {
  const [row] = await tx.query<InstanceRow>(
    'SELECT id, definition_id, process_id, business_key, status, variables, state FROM engine_instances WHERE id = $1 FOR UPDATE', [instanceId]);
  if (!row) throw notFound(`process instance ${instanceId}`);
  return row;
}

export function requireRunning(row: InstanceRow): void {
  if (row.status !== 'running') throw new AppError('conflict', `process instance ${row.id} is ${row.status}`, 'engine.instance_not_running');
}

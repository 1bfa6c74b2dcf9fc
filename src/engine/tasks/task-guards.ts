import type { Db } from '../../platform/db/database.ts';

/** The task being completed, as a guard sees it, inside the completing transaction. */
export interface GuardedTask {
  taskId: number;
  instanceId: number;
  businessKey: string | null;
  activityId: string;
  /** The instance's variables before this task's data are merged in. */
  variables: Record<string, unknown>;
  /** What the person submitted, already checked against the form. */
  data: Record<string, unknown>;
}

/**
 * Refuses to complete a task whose submission cannot be carried out — by throwing an
 * AppError that says why and what to do instead. The task stays open, so the person who
 * can still act on it is told, rather than a later service task failing out of their sight.
 */
export type TaskGuard = (tx: Db, task: GuardedTask) => Promise<void>;

const guards = new Map<string, TaskGuard>();

/**
 * Domain modules guard the tasks of a form (by its form key, e.g. 'complaint-first-response'):
 * the form is what asks for the data the guard checks, wherever a process uses it.
 */
export function registerTaskGuard(formKey: string, guard: TaskGuard): void {
  guards.set(formKey, guard);
}

export async function checkTaskGuard(tx: Db, formKey: string | undefined, task: GuardedTask): Promise<void> {
  const guard = formKey ? guards.get(formKey) : undefined;
  if (guard) await guard(tx, task);
}

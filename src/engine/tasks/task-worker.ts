import { actorOf, type Principal } from '../../platform/auth/principal.ts';
import type { Actor } from '../../platform/audit/audit.ts';

/** Who works on tasks: their identity for assignment, their roles for candidacy. */
export interface TaskWorker {
  actor: Actor;
  /** The user's e-mail (assignee identity); null for API tokens. */
  email: string | null;
  roles: readonly string[];
  /** Holds tasks:assign: may see, reassign and complete any task. */
  canAssign: boolean;
}

export function taskWorkerOf(principal: Principal): TaskWorker {
  return {
    actor: actorOf(principal),
    email: principal.kind === 'user' ? principal.email : null,
    roles: principal.kind === 'user' ? principal.roles : [],
    canAssign: principal.permissions.has('tasks:assign'),
  };
}

export interface TaskAccessRow {
  assignee: string | null;
  candidate_roles: string[];
}

/** A candidate: no roles named, or one of the worker's roles named. */
export function isCandidate(worker: TaskWorker, task: TaskAccessRow): boolean {
  return task.candidate_roles.length === 0 || task.candidate_roles.some((role) => worker.roles.includes(role));
}

export function mayWork(worker: TaskWorker, task: TaskAccessRow): boolean {
  if (worker.canAssign) return true;
  if (task.assignee) return task.assignee === worker.email;
  return isCandidate(worker, task);
}

import { actorOf, type Principal } from '../../platform/auth/principal.ts';
import type { Actor } from '../../platform/audit/audit.ts';

/** Who works on tasks: their identity for assignment, their roles and groups for candidacy. */
export interface TaskWorker {
  actor: Actor;
  /** The user's e-mail (assignee identity); null for API tokens. */
  email: string | null;
  roles: readonly string[];
  /** The groups (departments) the user belongs to, matched against candidateGroups. */
  groups: readonly string[];
  /** Holds tasks:assign: may see, reassign and complete any task. */
  canAssign: boolean;
}

export function taskWorkerOf(principal: Principal): TaskWorker {
  return {
    actor: actorOf(principal),
    email: principal.kind === 'user' ? principal.email : null,
    roles: principal.kind === 'user' ? principal.roles : [],
    groups: principal.kind === 'user' ? principal.groups : [],
    canAssign: principal.permissions.has('tasks:assign'),
  };
}

export interface TaskAccessRow {
  assignee: string | null;
  candidate_roles: string[];
  candidate_groups: string[];
}

/**
 * A candidate: the task names neither roles nor groups (anyone may take it), or it names one
 * of the worker's roles or one of their groups. A task offered to a group only is closed to
 * everyone outside it.
 */
export function isCandidate(worker: TaskWorker, task: TaskAccessRow): boolean {
  if (task.candidate_roles.length === 0 && task.candidate_groups.length === 0) return true;
  return task.candidate_roles.some((role) => worker.roles.includes(role)) || task.candidate_groups.some((group) => worker.groups.includes(group));
}

/** Who a task is for, for a refusal people can act on. */
export function candidatesOf(task: TaskAccessRow): string {
  return [...task.candidate_roles.map((r) => `role ${r}`), ...task.candidate_groups.map((g) => `group ${g}`)].join(', ');
}

export function mayWork(worker: TaskWorker, task: TaskAccessRow): boolean {
  if (worker.canAssign) return true;
  if (task.assignee) return task.assignee === worker.email;
  return isCandidate(worker, task);
}

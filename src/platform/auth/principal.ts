import type { Permission, Role } from './permissions.ts';
import type { Actor } from '../audit/audit.ts';

/** Who is calling: a signed-in user (console) or an integration token. */
export type Principal =
  /** `groups`: the user's department, the group BPMN candidateGroups name (e.g. "quality"). */
  | { kind: 'user'; userId: number; email: string; name: string; roles: Role[]; groups: string[]; permissions: Set<Permission> }
  | { kind: 'token'; tokenId: number; name: string; permissions: Set<Permission> };

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { kind: 'user', id: String(principal.userId), label: principal.email }
    : { kind: 'token', id: String(principal.tokenId), label: `token:${principal.name}` };
}

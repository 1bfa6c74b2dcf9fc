import type { Db } from '../db/database.ts';
import type { SqlWrite } from '../db/one-statement.ts';

/** Who did something: a console user, an integration token, the CLI or Rebound itself. */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'cli';
  id?: string;
  label: string;
}

export const systemActor: Actor = { kind: 'system', label: 'rebound' };

export function cliActor(): Actor {
  return { kind: 'cli', label: `cli:${process.env.USER ?? 'unknown'}` };
}

export interface AuditEntry {
  action: string; // e.g. 'import', 'create', 'update', 'revoke', 'login'
  entity: string; // e.g. 'customers', 'api_token'
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Records a change in the audit log. Call it with the transaction that makes the change. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  const write = auditWrite(actor, entry);
  await db.query(write.sql, write.params);
}

/** The audit row as a statement of its own, for a caller that joins it into one (oneStatement). */
export function auditWrite(actor: Actor, entry: AuditEntry): SqlWrite {
  return {
    sql: `INSERT INTO audit_log (actor_kind, actor_id, actor_label, action, entity, entity_id, details)
          VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    params: [actor.kind, actor.id ?? null, actor.label, entry.action, entry.entity, entry.entityId == null ? null : String(entry.entityId), JSON.stringify(entry.details ?? {})],
  };
}

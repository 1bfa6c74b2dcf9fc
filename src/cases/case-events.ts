import type { Db } from '../platform/db/database.ts';
import type { Change } from './case-model.ts';

/**
 * What happened to a case, in its own timeline. Kinds: created, stage_changed, owner_changed,
 * department_changed, priority_changed, status_changed, first_response, sla_paused,
 * sla_resumed, sla_breached, linked, unlinked, commented, attachment_added,
 * attachment_removed, title_changed, description_changed.
 * Always written in the transaction of the change it describes.
 */
export async function recordCaseEvent(tx: Db, caseId: number, change: Change, kind: string, data: Record<string, unknown> = {}): Promise<void> {
  await tx.query(
    `INSERT INTO case_events (case_id, at, kind, actor_kind, actor_id, actor_label, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [caseId, change.at, kind, change.actor.kind, change.actor.id ?? null, change.actor.label, JSON.stringify(data)],
  );
}

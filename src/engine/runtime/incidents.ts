import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { lockInstance } from './instance-row.ts';
import { stepLockedInstance, type EngineDeps } from './step-instance.ts';

export interface IncidentView {
  id: number;
  instanceId: number;
  processId: string;
  businessKey: string | null;
  activityId: string;
  kind: string;
  error: string;
  status: string;
  action: string | null;
  attempts: number | null;
  createdAt: Date;
}

export async function listIncidents(deps: EngineDeps, filter: { status?: 'open' | 'resolved'; limit: number; offset: number }): Promise<{ items: IncidentView[]; total: number }> {
  const status = filter.status ?? 'open';
  const items = await deps.db.query<IncidentView>(`
    SELECT n.id, n.instance_id AS "instanceId", i.process_id AS "processId", i.business_key AS "businessKey", n.activity_id AS "activityId",
           n.kind, n.error, n.status, c.action, c.attempts, n.created_at AS "createdAt"
      FROM engine_incidents n JOIN engine_instances i ON i.id = n.instance_id LEFT JOIN engine_action_calls c ON c.id = n.action_call_id
     WHERE n.status = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2 OFFSET $3`, [status, filter.limit, filter.offset]);
  const [count] = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM engine_incidents WHERE status = $1', [status]);
  return { items, total: count?.n ?? 0 };
}

/**
 * Retries an incident by hand: a failed action call gets a fresh set of attempts; a failed
 * decision is evaluated again (a corrected DMN deployed meanwhile is used); a condition that
 * could not be decided (decision 023) is decided again, with the variables the operator sets
 * here — the waiting gateway or conditional event then goes on, or the incident reopens.
 */
export async function retryIncident(deps: EngineDeps, incidentId: number, actor: Actor, variables?: Record<string, unknown>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [incident] = await tx.query<{ id: number; instance_id: number; activity_id: string; kind: string; action_call_id: number | null; status: string }>(
      'SELECT id, instance_id, activity_id, kind, action_call_id, status FROM engine_incidents WHERE id = $1', [incidentId]);
    if (!incident) throw notFound(`incident ${incidentId}`);
    if (incident.status !== 'open') throw new AppError('conflict', `incident ${incidentId} is already resolved`, 'engine.incident_resolved');
    if (variables && Object.keys(variables).length && incident.kind !== 'condition_failed') {
      throw new AppError('invalid', `incident ${incidentId} (${incident.kind}) is retried without variables; only a condition incident takes them`, 'engine.incident_variables');
    }
    const instance = await lockInstance(tx, incident.instance_id);
    const now = deps.clock.now();
    if (incident.action_call_id) {
      await tx.query(
        `UPDATE engine_action_calls SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL WHERE id = $1 AND status = 'incident'`,
        [incident.action_call_id, now]);
    } else if (incident.kind !== 'decision_failed' && incident.kind !== 'condition_failed') {
      throw new AppError('conflict', `incident ${incidentId} (${incident.kind}) cannot be retried`, 'engine.incident_not_retryable');
    }
    await tx.query(`UPDATE engine_incidents SET status = 'resolved', resolved_at = $2, resolved_by = $3 WHERE id = $1`, [incidentId, now, actor.label]);
    await recordAudit(tx, actor, { action: 'retry', entity: 'incident', entityId: incidentId });
    if (incident.kind === 'decision_failed') {
      await stepLockedInstance(tx, deps.clock, instance, { kind: 'resume' }, actor, [{ event: 'incident.retried', data: { incidentId } }]);
    }
    if (incident.kind === 'condition_failed') {
      await stepLockedInstance(tx, deps.clock, instance, { kind: 'signal', activityId: incident.activity_id, output: variables ?? {} }, actor,
        [{ event: 'incident.retried', activityId: incident.activity_id, data: { incidentId, variables: Object.keys(variables ?? {}) } }]);
    }
  });
}

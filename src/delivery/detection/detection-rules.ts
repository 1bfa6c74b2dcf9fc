import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';

export const DETECTION_RULES = ['past_promise', 'estimate_beyond_promise', 'predicted_beyond_promise', 'no_first_scan', 'no_scan', 'exception_status'] as const;
export type DetectionRuleName = (typeof DETECTION_RULES)[number];

export interface DetectionRule {
  rule: DetectionRuleName;
  enabled: boolean;
  threshold_hours: number | null;
  statuses: string[] | null;
  cause_tag: string;
  description: string;
  updated_at: Date;
  updated_by: string;
}

export async function listDetectionRules(db: Db): Promise<DetectionRule[]> {
  return db.query<DetectionRule>(
    `SELECT rule, enabled, threshold_hours, statuses, cause_tag, description, updated_at, updated_by FROM delivery_detection_rules
     ORDER BY array_position($1::text[], rule)`, [DETECTION_RULES]);
}

const invalid = (field: string, message: string) => new AppError('invalid', `The body is invalid: ${field} ${message}`, 'validation', { errors: [{ field, message }] });

/** Changes one rule; the hour rules need their threshold, the status rule its statuses. Applies from the next evaluation on. */
export async function updateDetectionRule(db: Db, clock: Clock, actor: Actor, rule: DetectionRuleName,
  change: { enabled?: boolean; threshold_hours?: number | null; statuses?: string[] | null; cause_tag?: string }): Promise<DetectionRule> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<DetectionRule>('SELECT * FROM delivery_detection_rules WHERE rule = $1 FOR UPDATE', [rule]);
    if (!current) throw notFound(`detection rule ${rule}`);
    const next = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as DetectionRule;
    if ((rule === 'no_first_scan' || rule === 'no_scan') && !next.threshold_hours) throw invalid('body.threshold_hours', `is required for ${rule}`);
    if (rule === 'exception_status' && !next.statuses?.length) throw invalid('body.statuses', 'must name at least one status');
    const [row] = await tx.query<DetectionRule>(
      `UPDATE delivery_detection_rules SET enabled = $2, threshold_hours = $3, statuses = $4, cause_tag = $5, updated_at = $6, updated_by = $7
       WHERE rule = $1 RETURNING rule, enabled, threshold_hours, statuses, cause_tag, description, updated_at, updated_by`,
      [rule, next.enabled, next.threshold_hours, next.statuses, next.cause_tag, clock.now(), actor.label]);
    await recordAudit(tx, actor, { action: 'update', entity: 'delivery_detection_rule', entityId: rule, details: change });
    return row!;
  });
}

import { plannedActionInputs } from '../../engine/index.ts';
import type { Db } from '../../platform/db/database.ts';

/** One staff role the recall's alert step e-mails, and how many active people hold it. */
export interface StaffGroupReach {
  role: string;
  users: number;
  reached: boolean;
  /** 'no_users': nobody active holds the role, so the alert reaches no one in it. */
  reason: 'no_users' | null;
}

export const ALERT_STAFF_ACTION = 'recall.alertStaff';

/** The active users the alert goes to: anyone holding one of the roles, once each. */
export const ALERTED_USERS_SQL = 'SELECT email, name, language, roles FROM users WHERE disabled_at IS NULL AND roles && $1::text[] ORDER BY id';

/**
 * Per role the alert names, who holds it — the same users query the alert step sends to,
 * so a role nobody holds is reported by the preview before activation and by the dashboard
 * after it, instead of the step quietly e-mailing no one.
 */
export async function staffReach(db: Db, roles: readonly string[]): Promise<StaffGroupReach[]> {
  const users = await db.query<{ roles: string[] }>(ALERTED_USERS_SQL, [roles]);
  return [...new Set(roles)].map((role) => {
    const holders = users.filter((u) => u.roles.includes(role)).length;
    return { role, users: holders, reached: holders > 0, reason: holders > 0 ? null : 'no_users' };
  });
}

/**
 * The roles the recall process's alert step will e-mail, read from the deployed process
 * (processes/recall.bpmn or a version a modeler deployed since) with the variables an
 * activation starts it with: the preview plans from the model that will run.
 */
export async function plannedStaffRoles(db: Db, recall: { id: number; reference: string; classification: string }): Promise<string[]> {
  const inputs = await plannedActionInputs(db, 'recall', ALERT_STAFF_ACTION, { recallId: recall.id, reference: recall.reference, classification: recall.classification });
  const roles = inputs.flatMap((input) => {
    const value = (input as { roles?: unknown } | null)?.roles;
    return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
  });
  return [...new Set(roles)];
}

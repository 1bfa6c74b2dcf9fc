import { getBudget } from '../../compensation/index.ts';
import { registerTaskGuard } from '../../engine/index.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';

export const BUDGET_APPROVAL_FORM = 'delivery-compensation-budget';

export interface BudgetApproval {
  budget_key: string;
  currency: string;
  limit_minor: number;
  task_id: number;
  approved_at: Date;
}

/** "delay-eur, delay-sek" → ['delay-eur', 'delay-sek']; blanks and repeats dropped. */
export const parseBudgetKeys = (text: unknown): string[] =>
  typeof text === 'string' ? [...new Set(text.split(/[\s,;]+/).map((k) => k.trim()).filter(Boolean))] : [];

/**
 * Management's task on processes/delivery-incident.bpmn approves the compensation budget: the
 * form names the budget keys (one per currency), and completing it records each key against
 * the incident with the task that approved it and the budget's limit at that moment. A key
 * that names no open budget, or a second budget for one currency, keeps the task open with a
 * problem naming the field — an approval that points at nothing is worse than none.
 */
export function registerBudgetApprovalGuard(clock: Clock): void {
  registerTaskGuard(BUDGET_APPROVAL_FORM, async (tx, task) => {
    const incidentId = Number(task.variables.incidentId);
    if (!Number.isInteger(incidentId) || incidentId <= 0) throw new AppError('unprocessable', 'this task belongs to no delivery incident', 'delivery.budget_approval_without_incident');
    const keys = parseBudgetKeys(task.data.budgetKeys);
    if (!keys.length) throw new AppError('invalid', 'name the approved budget: its key, one per currency', 'delivery.budget_key_required', { errors: [{ field: 'budgetKeys', message: 'name at least one budget key' }] });
    const currencies = new Map<string, string>();
    const approved: { key: string; currency: string; limit: number }[] = [];
    for (const key of keys) {
      const budget = await getBudget(tx, key);
      if (!budget) throw new AppError('invalid', `no compensation budget "${key}": set it up first (PUT /api/compensation/budgets/${key})`, 'compensation.unknown_budget', { errors: [{ field: 'budgetKeys', message: `no budget "${key}"` }] });
      if (budget.closed_at) throw new AppError('invalid', `the compensation budget "${key}" is closed`, 'compensation.budget_closed', { errors: [{ field: 'budgetKeys', message: `"${key}" is closed` }] });
      const other = currencies.get(budget.currency);
      if (other) throw new AppError('invalid', `"${other}" and "${key}" are both ${budget.currency} budgets: approve one per currency`, 'delivery.compensation_budget_twice', { errors: [{ field: 'budgetKeys', message: `two ${budget.currency} budgets` }] });
      currencies.set(budget.currency, key);
      approved.push({ key, currency: budget.currency, limit: budget.limit_minor });
    }
    const now = clock.now();
    await tx.query(
      `INSERT INTO delivery_budget_approvals (incident_id, currency, budget_key, limit_minor, task_id, approved_at)
       SELECT $1, u.currency, u.key, u.limit_minor, $5, $6 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(currency, key, limit_minor)
       ON CONFLICT (incident_id, currency) DO UPDATE SET budget_key = excluded.budget_key, limit_minor = excluded.limit_minor, task_id = excluded.task_id, approved_at = excluded.approved_at`,
      [incidentId, approved.map((a) => a.currency), approved.map((a) => a.key), approved.map((a) => a.limit), task.taskId, now]);
    await recordAudit(tx, { kind: 'system', label: `task ${task.taskId}` }, { action: 'approve_budget', entity: 'delivery_incident', entityId: incidentId, details: { budgets: Object.fromEntries(currencies), task: task.taskId } });
  });
}

/** The budgets management approved for an incident, one per currency. */
export async function approvedBudgets(db: Db, incidentId: number): Promise<BudgetApproval[]> {
  const rows = await db.query<BudgetApproval>(
    'SELECT budget_key, currency, limit_minor, task_id, approved_at FROM delivery_budget_approvals WHERE incident_id = $1 ORDER BY currency', [incidentId]);
  return rows.map((r) => ({ ...r, limit_minor: Number(r.limit_minor), task_id: Number(r.task_id) }));
}

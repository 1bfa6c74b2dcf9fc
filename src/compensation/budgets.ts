import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';

export interface Budget {
  id: number;
  key: string;
  name: string;
  purpose: string;
  currency: string;
  limit_minor: number;
  spent_minor: number;
  remaining_minor: number;
  approved_by: string;
  approved_at: Date;
  closed_at: Date | null;
}

export type ChargeKind = 'voucher' | 'refund' | 'points';

const BUDGET_COLUMNS = `id, key, name, purpose, currency, limit_minor, spent_minor, (limit_minor - spent_minor) AS remaining_minor, approved_by, approved_at, closed_at`;

const asBudget = (row: Budget): Budget => ({ ...row, limit_minor: Number(row.limit_minor), spent_minor: Number(row.spent_minor), remaining_minor: Number(row.remaining_minor) });

export async function listBudgets(db: Db): Promise<Budget[]> {
  return (await db.query<Budget>(`SELECT ${BUDGET_COLUMNS} FROM compensation_budgets ORDER BY closed_at IS NOT NULL, key`)).map(asBudget);
}

export async function getBudget(db: Db, key: string): Promise<Budget | null> {
  const [row] = await db.query<Budget>(`SELECT ${BUDGET_COLUMNS} FROM compensation_budgets WHERE key = $1`, [key]);
  return row ? asBudget(row) : null;
}

/**
 * Creates a budget or changes its limit, name and purpose; whoever does it is recorded as
 * the approver (the route asks for `compensation:budgets`). A limit below what is already
 * spent is refused: money spent is not unspent by lowering the line.
 */
export async function saveBudget(
  db: Db, clock: Clock, actor: Actor,
  input: { key: string; name: string; purpose?: string; currency: string; limitMinor: number; closed?: boolean },
): Promise<Budget> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ id: number; currency: string; spent_minor: number }>(
      'SELECT id, currency, spent_minor FROM compensation_budgets WHERE key = $1 FOR UPDATE', [input.key]);
    const now = clock.now();
    if (existing) {
      if (existing.currency !== input.currency) {
        throw new AppError('invalid', `budget ${input.key} is in ${existing.currency}; its currency cannot change`, 'compensation.budget_currency_fixed', { errors: [{ field: 'body.currency', message: `must stay ${existing.currency}` }] });
      }
      if (input.limitMinor < Number(existing.spent_minor)) {
        throw new AppError('conflict', `budget ${input.key} has already spent ${existing.spent_minor}; the limit cannot go below it`, 'compensation.budget_below_spent', { errors: [{ field: 'body.limit_minor', message: `must be at least ${existing.spent_minor}` }] });
      }
      await tx.query(
        `UPDATE compensation_budgets SET name = $2, purpose = $3, limit_minor = $4, approved_by = $5, approved_at = $6,
           closed_at = CASE WHEN $7::boolean THEN coalesce(closed_at, $6) ELSE NULL END WHERE id = $1`,
        [existing.id, input.name, input.purpose ?? '', input.limitMinor, actor.label, now, input.closed ?? false]);
    } else {
      await tx.query(
        `INSERT INTO compensation_budgets (key, name, purpose, currency, limit_minor, approved_by, approved_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::boolean THEN $7::timestamptz END)`,
        [input.key, input.name, input.purpose ?? '', input.currency, input.limitMinor, actor.label, now, input.closed ?? false]);
    }
    await recordAudit(tx, actor, { action: existing ? 'update' : 'create', entity: 'compensation_budget', entityId: input.key, details: { limitMinor: input.limitMinor, currency: input.currency, closed: input.closed ?? false } });
    return (await getBudget(tx, input.key))!;
  });
}

/**
 * Charges a budget in the caller's transaction, under a row lock, so two issues at the same
 * moment cannot together pass the limit. Refuses — never trims — a charge the budget cannot
 * carry, a closed budget and another currency, with a problem that says what is left.
 */
export async function chargeBudget(
  tx: Db, clock: Clock,
  input: { budgetKey: string; kind: ChargeKind; amountMinor: number; currency: string; customerId: number | null; purpose: string },
): Promise<{ budgetId: number; remainingMinor: number }> {
  const [budget] = await tx.query<{ id: number; currency: string; limit_minor: number; spent_minor: number; closed_at: Date | null }>(
    'SELECT id, currency, limit_minor, spent_minor, closed_at FROM compensation_budgets WHERE key = $1 FOR UPDATE', [input.budgetKey]);
  if (!budget) throw new AppError('unprocessable', `no compensation budget "${input.budgetKey}": a manager creates it with PUT /api/compensation/budgets/${input.budgetKey} (permission compensation:budgets), then retries`, 'compensation.unknown_budget', { budget: input.budgetKey });
  if (budget.closed_at) throw new AppError('unprocessable', `the compensation budget "${input.budgetKey}" was closed on ${budget.closed_at.toISOString().slice(0, 10)}`, 'compensation.budget_closed', { budget: input.budgetKey });
  if (budget.currency !== input.currency) {
    throw new AppError('unprocessable', `the compensation budget "${input.budgetKey}" is in ${budget.currency}, not ${input.currency}`, 'compensation.budget_currency', { budget: input.budgetKey, currency: budget.currency });
  }
  const remaining = Number(budget.limit_minor) - Number(budget.spent_minor);
  if (input.amountMinor > remaining) {
    throw new AppError('unprocessable', `the compensation budget "${input.budgetKey}" has ${remaining} ${budget.currency} (minor units) left of ${budget.limit_minor}; ${input.amountMinor} would exceed it — ask a manager to raise the limit`,
      'compensation.budget_exceeded', { budget: input.budgetKey, currency: budget.currency, limit_minor: Number(budget.limit_minor), spent_minor: Number(budget.spent_minor), remaining_minor: remaining, requested_minor: input.amountMinor });
  }
  await tx.query('UPDATE compensation_budgets SET spent_minor = spent_minor + $2 WHERE id = $1', [budget.id, input.amountMinor]);
  await tx.query(
    'INSERT INTO compensation_budget_charges (budget_id, kind, amount_minor, customer_id, purpose, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [budget.id, input.kind, input.amountMinor, input.customerId, input.purpose, clock.now()]);
  return { budgetId: budget.id, remainingMinor: remaining - input.amountMinor };
}

import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { chargeBudget } from './budgets.ts';

/**
 * Records a refund owed to a customer (paid by finance later), charged to a budget when one is
 * named, in the caller's transaction. A recall's claims keep their own payout batches.
 */
export async function recordRefundOwed(
  tx: Db, clock: Clock,
  input: { customerId: number; amountMinor: number; currency: string; purpose: string; budgetKey?: string; idempotencyKey?: string },
): Promise<{ id: number; replayed: boolean }> {
  if (input.idempotencyKey) {
    const [earlier] = await tx.query<{ id: number }>('SELECT id FROM compensation_refunds WHERE idempotency_key = $1', [input.idempotencyKey]);
    if (earlier) return { id: earlier.id, replayed: true };
  }
  const charged = input.budgetKey
    ? await chargeBudget(tx, clock, { budgetKey: input.budgetKey, kind: 'refund', amountMinor: input.amountMinor, currency: input.currency, customerId: input.customerId, purpose: input.purpose })
    : null;
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO compensation_refunds (customer_id, amount_minor, currency, purpose, budget_id, idempotency_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.customerId, input.amountMinor, input.currency, input.purpose, charged?.budgetId ?? null, input.idempotencyKey ?? null, clock.now()]);
  return { id: row!.id, replayed: false };
}

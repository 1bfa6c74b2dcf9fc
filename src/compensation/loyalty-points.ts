import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { chargeBudget } from './budgets.ts';

/**
 * Grants (or, negative, spends) loyalty points in the caller's transaction. A grant paid from
 * a budget charges what the points are worth to the company (`valueMinor`). The idempotency
 * key makes a retried step grant once.
 */
export async function grantLoyaltyPoints(
  tx: Db, clock: Clock,
  input: { customerId: number; points: number; purpose: string; idempotencyKey?: string; budget?: { key: string; valueMinor: number; currency: string } },
): Promise<{ id: number; balance: number; replayed: boolean }> {
  if (input.idempotencyKey) {
    const [earlier] = await tx.query<{ id: number }>('SELECT id FROM loyalty_points WHERE idempotency_key = $1', [input.idempotencyKey]);
    if (earlier) return { id: earlier.id, balance: await loyaltyBalance(tx, input.customerId), replayed: true };
  }
  const charged = input.budget && input.points > 0
    ? await chargeBudget(tx, clock, { budgetKey: input.budget.key, kind: 'points', amountMinor: input.budget.valueMinor, currency: input.budget.currency, customerId: input.customerId, purpose: input.purpose })
    : null;
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO loyalty_points (customer_id, points, purpose, budget_id, idempotency_key, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [input.customerId, input.points, input.purpose, charged?.budgetId ?? null, input.idempotencyKey ?? null, clock.now()]);
  return { id: row!.id, balance: await loyaltyBalance(tx, input.customerId), replayed: false };
}

export async function loyaltyBalance(db: Db, customerId: number): Promise<number> {
  const [row] = await db.query<{ balance: number }>('SELECT coalesce(sum(points), 0)::int AS balance FROM loyalty_points WHERE customer_id = $1', [customerId]);
  return Number(row!.balance);
}

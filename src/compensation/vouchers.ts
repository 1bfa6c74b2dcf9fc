import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { chargeBudget } from './budgets.ts';
import { newVoucherCode, normalizeVoucherCode } from './voucher-code.ts';

export type VoucherView = {
  code: string;
  status: 'valid' | 'redeemed' | 'expired' | 'cancelled';
  value_minor: number;
  currency: string;
  expires_at: Date;
  redeemed_at: Date | null;
  redeemed_location: string | null;
  recall_reference: string | null;
  /** What it was issued for ("complaint:CS-2026-0042", "winback:customer:17"); null for a recall's. */
  purpose: string | null;
};

const VIEW_SQL = `SELECT v.id, v.code, v.value_minor, v.currency, v.expires_at, v.redeemed_at, v.cancelled_at, v.redemption_key, v.purpose,
    loc.external_id AS redeemed_location, r.reference AS recall_reference
  FROM vouchers v LEFT JOIN locations loc ON loc.id = v.redeemed_location_id LEFT JOIN recalls r ON r.id = v.recall_id
  WHERE v.code = $1`;

type VoucherRow = Omit<VoucherView, 'status'> & { id: number; cancelled_at: Date | null; redemption_key: string | null };

function viewOf(row: VoucherRow, now: Date): VoucherView {
  const status = row.cancelled_at ? 'cancelled' : row.redeemed_at ? 'redeemed' : row.expires_at <= now ? 'expired' : 'valid';
  return {
    code: row.code,
    status,
    value_minor: row.value_minor,
    currency: row.currency,
    expires_at: row.expires_at,
    redeemed_at: row.redeemed_at,
    redeemed_location: row.redeemed_location,
    recall_reference: row.recall_reference,
    purpose: row.purpose,
  };
}

function codeOrThrow(input: string): string {
  const code = normalizeVoucherCode(input);
  if (!code) throw new AppError('invalid', `"${input}" is not a voucher code (16 letters and digits)`, 'voucher.bad_code', { errors: [{ field: 'code', message: 'not a voucher code' }] });
  return code;
}

export async function findVoucher(db: Db, clock: Clock, input: string): Promise<VoucherView> {
  const [row] = await db.query<VoucherRow>(VIEW_SQL, [codeOrThrow(input)]);
  if (!row) throw new AppError('not_found', 'no such voucher', 'voucher.unknown');
  return viewOf(row, clock.now());
}

/**
 * Redeems a voucher once. The shop's Idempotency-Key makes a retry (after a timeout, a
 * double click) return the first answer instead of failing or redeeming twice.
 */
export async function redeemVoucher(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { code: string; idempotencyKey: string; location?: string; reference?: string },
): Promise<{ voucher: VoucherView; replayed: boolean }> {
  const code = codeOrThrow(input.code);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<VoucherRow>(`${VIEW_SQL} FOR UPDATE OF v`, [code]);
    if (!row) throw new AppError('not_found', 'no such voucher', 'voucher.unknown');
    const now = clock.now();
    if (row.redeemed_at) {
      if (row.redemption_key === input.idempotencyKey) return { voucher: viewOf(row, now), replayed: true };
      throw new AppError('conflict', `voucher ${code} was already redeemed at ${row.redeemed_at.toISOString()}`, 'voucher.already_redeemed', { redeemed_at: row.redeemed_at });
    }
    if (row.cancelled_at) throw new AppError('conflict', `voucher ${code} was cancelled`, 'voucher.cancelled');
    if (row.expires_at <= now) throw new AppError('conflict', `voucher ${code} expired at ${row.expires_at.toISOString()}`, 'voucher.expired');
    let locationId: number | null = null;
    if (input.location) {
      const [location] = await tx.query<{ id: number }>('SELECT id FROM locations WHERE external_id = $1 OR gln = $1', [input.location]);
      if (!location) throw new AppError('invalid', `no location "${input.location}"`, 'voucher.unknown_location', { errors: [{ field: 'body.location', message: 'unknown location' }] });
      locationId = location.id;
    }
    await tx.query(
      `UPDATE vouchers SET redeemed_at = $2, redeemed_location_id = $3, redemption_key = $4, redemption_reference = $5 WHERE id = $1`,
      [row.id, now, locationId, input.idempotencyKey, input.reference ?? null],
    );
    await recordAudit(tx, actor, { action: 'redeem', entity: 'voucher', entityId: row.id, details: { location: input.location ?? null, reference: input.reference ?? null } });
    const [after] = await tx.query<VoucherRow>(VIEW_SQL, [code]);
    return { voucher: viewOf(after!, now), replayed: false };
  });
}

/**
 * Issues one voucher (in the caller's transaction): the one redemption API for shops serves
 * recall compensation, complaint goodwill and win-back offers alike. `recallId` is null
 * outside a recall; `purpose` says what it is for ("complaint:CS-2026-0042"). With a
 * `budgetKey` the voucher's value is charged to that budget under its row lock first, and a
 * voucher the budget cannot carry is refused (`compensation.budget_exceeded`), never issued.
 */
export async function issueVoucher(
  tx: Db, clock: Clock,
  input: { customerId: number | null; valueMinor: number; currency: string; validityDays: number; recallId?: number | null; purpose?: string; budgetKey?: string },
) {
  const now = clock.now();
  const charged = input.budgetKey
    ? await chargeBudget(tx, clock, { budgetKey: input.budgetKey, kind: 'voucher', amountMinor: input.valueMinor, currency: input.currency, customerId: input.customerId, purpose: input.purpose ?? 'voucher' })
    : null;
  const [voucher] = await tx.query<{ id: number; code: string; expires_at: Date }>(
    `INSERT INTO vouchers (code, recall_id, customer_id, value_minor, currency, issued_at, expires_at, budget_id, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, code, expires_at`,
    [newVoucherCode(), input.recallId ?? null, input.customerId, input.valueMinor, input.currency, now, new Date(now.getTime() + input.validityDays * 86_400_000), charged?.budgetId ?? null, input.purpose ?? null],
  );
  return voucher!;
}

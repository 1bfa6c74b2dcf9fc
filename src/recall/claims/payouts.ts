import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { csvCell } from '../../platform/csv/csv-cell.ts';

interface PayoutRow {
  reference: string;
  account_holder: string;
  iban: string;
  bic: string | null;
  value_minor: number;
  currency: string;
  recall_reference: string;
  email: string | null;
}

// ISO 4217 minor-unit exponents of the currencies that are not two-decimal.
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3 };

/** 12345 minor units of EUR → "123.45": integer arithmetic, never a float. */
export function decimalAmount(minor: number, currency: string): string {
  const exponent = EXPONENT[currency] ?? 2;
  if (exponent === 0) return String(minor);
  const text = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

const COLUMNS = ['end_to_end_id', 'beneficiary_name', 'beneficiary_iban', 'beneficiary_bic', 'amount', 'currency', 'remittance_information', 'requested_execution_date', 'beneficiary_email'] as const;

function payoutCsv(rows: PayoutRow[], executionDate: string): string {
  const lines = rows.map((r) => [
    r.reference, r.account_holder, r.iban, r.bic ?? '', decimalAmount(Number(r.value_minor), r.currency), r.currency,
    `Recall ${r.recall_reference} refund, claim ${r.reference}`, executionDate, r.email ?? '',
  ].map(csvCell).join(','));
  return [COLUMNS.join(','), ...lines].join('\n') + '\n';
}

const BATCH_ROWS_SQL = `SELECT c.reference, c.account_holder, c.iban, c.bic, c.value_minor, c.currency, r.reference AS recall_reference, c.email
  FROM recall_claims c JOIN recalls r ON r.id = c.recall_id WHERE c.payout_batch_id = $1 ORDER BY c.id`;

/**
 * Refunds leave in batches (R8): every approved refund claim not yet exported goes into a
 * new batch, in one transaction, so a claim is never paid twice and never skipped; the
 * batch's CSV has what a bank transfer needs and can be downloaded again later.
 */
export async function createPayoutBatch(db: Db, clock: Clock, actor: Actor, recallId: number) {
  return db.transaction(async (tx) => {
    const [recall] = await tx.query<{ id: number }>('SELECT id FROM recalls WHERE id = $1 FOR UPDATE', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    const now = clock.now();
    const totals = await tx.query<{ currency: string; total_minor: number; claims: number }>(
      `SELECT currency, sum(value_minor)::bigint AS total_minor, count(*)::int AS claims FROM recall_claims
       WHERE recall_id = $1 AND requested = 'refund' AND status = 'approved' AND payout_batch_id IS NULL GROUP BY currency ORDER BY currency`,
      [recallId],
    );
    const claims = totals.reduce((n, t) => n + Number(t.claims), 0);
    if (claims === 0) throw new AppError('conflict', 'no approved refund is waiting for a payout', 'recall.no_payouts');
    const [batch] = await tx.query<{ id: number }>(
      'INSERT INTO recall_payout_batches (recall_id, created_at, created_by, claims, totals) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [recallId, now, actor.label, claims, JSON.stringify(totals.map((t) => ({ currency: t.currency, total_minor: Number(t.total_minor) })))],
    );
    await tx.query(
      `UPDATE recall_claims SET payout_batch_id = $2 WHERE recall_id = $1 AND requested = 'refund' AND status = 'approved' AND payout_batch_id IS NULL`,
      [recallId, batch!.id],
    );
    await recordAudit(tx, actor, { action: 'export_payouts', entity: 'recall', entityId: recallId, details: { batch: batch!.id, claims } });
    return { id: batch!.id, claims, csv: payoutCsv(await tx.query<PayoutRow>(BATCH_ROWS_SQL, [batch!.id]), now.toISOString().slice(0, 10)) };
  });
}

export async function payoutBatchCsv(db: Db, recallId: number, batchId: number) {
  const [batch] = await db.query<{ created_at: Date }>('SELECT created_at FROM recall_payout_batches WHERE id = $1 AND recall_id = $2', [batchId, recallId]);
  if (!batch) throw new AppError('not_found', `payout batch ${batchId} of recall ${recallId} was not found`);
  return payoutCsv(await db.query<PayoutRow>(BATCH_ROWS_SQL, [batchId]), batch.created_at.toISOString().slice(0, 10));
}

export async function listPayoutBatches(db: Db, recallId: number) {
  return db.query<{ id: number; created_at: Date; created_by: string; claims: number; totals: unknown }>(
    'SELECT id, created_at, created_by, claims, totals FROM recall_payout_batches WHERE recall_id = $1 ORDER BY id DESC', [recallId]);
}

export async function listClaims(db: Db, recallId: number, filter: { status?: string; limit: number; offset: number }) {
  const where = 'recall_id = $1 AND ($2::text IS NULL OR status = $2)';
  const items = await db.query(
    `SELECT c.id, c.reference, c.name, c.email, c.phone, c.customer_id, c.gtin, c.lot, c.quantity, c.requested, c.value_minor, c.currency, c.status,
            c.decision_rule, c.decision_reason, c.decided_by, c.decided_at, c.submitted_at, c.payout_batch_id, c.instance_id, v.code AS voucher_code
     FROM recall_claims c LEFT JOIN vouchers v ON v.id = c.voucher_id WHERE ${where.replace(/recall_id|status/g, (m) => `c.${m}`)}
     ORDER BY c.id DESC LIMIT $3 OFFSET $4`,
    [recallId, filter.status ?? null, filter.limit, filter.offset],
  );
  const [count] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM recall_claims WHERE ${where}`, [recallId, filter.status ?? null]);
  return { items, total: Number(count!.total), limit: filter.limit, offset: filter.offset };
}

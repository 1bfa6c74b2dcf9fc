import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { normalizeGtin } from '../data/gs1/index.ts';

export interface ReturnReport {
  location: string;
  gtin: string;
  lot?: string;
  quantity: number;
}

/**
 * A store reports units of a recalled lot returned by customers or pulled from its shelves
 * (R3: units recovered). The store's Idempotency-Key makes a retried report count once.
 */
export async function reportReturn(db: Db, clock: Clock, actor: Actor, recallId: number, key: string, report: ReturnReport) {
  return db.transaction(async (tx) => {
    const [recall] = await tx.query<{ status: string }>('SELECT status FROM recalls WHERE id = $1', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    if (recall.status === 'draft') throw new AppError('conflict', 'the recall is not active yet', 'recall.not_active');
    const [location] = await tx.query<{ id: number }>('SELECT id FROM locations WHERE external_id = $1 OR gln = $1', [report.location]);
    if (!location) throw new AppError('invalid', `no location "${report.location}"`, 'recall.unknown_location', { errors: [{ field: 'body.location', message: 'unknown location' }] });
    const gtin = normalizeGtin(report.gtin);
    if (!gtin) throw new AppError('invalid', `"${report.gtin}" is not a GTIN`, 'recall.bad_gtin', { errors: [{ field: 'body.gtin', message: 'wrong length or check digit' }] });
    const [block] = await tx.query<{ lot_id: number | null }>(
      `SELECT b.lot_id FROM stop_sale_blocks b JOIN products p ON p.id = b.product_id LEFT JOIN lots l ON l.id = b.lot_id
       WHERE b.recall_id = $1 AND p.gtin = $2 AND ($3::text IS NULL OR l.lot_code = $3) LIMIT 1`,
      [recallId, gtin, report.lot ?? null],
    );
    if (!block) throw new AppError('invalid', `GTIN ${gtin}${report.lot ? ` lot ${report.lot}` : ''} is not part of this recall`, 'recall.not_recalled', { errors: [{ field: report.lot ? 'body.lot' : 'body.gtin', message: 'not recalled' }] });
    const [row] = await tx.query<{ id: number; quantity: number }>(
      `INSERT INTO recall_returns (recall_id, location_id, lot_id, quantity, reported_at, reported_by, report_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (report_key) DO NOTHING RETURNING id, quantity`,
      [recallId, location.id, report.lot ? block.lot_id : null, report.quantity, clock.now(), actor.label, key],
    );
    if (!row) {
      const [first] = await tx.query<{ id: number; quantity: number }>('SELECT id, quantity FROM recall_returns WHERE report_key = $1', [key]);
      return { id: first!.id, quantity: first!.quantity, replayed: true };
    }
    await recordAudit(tx, actor, { action: 'report_return', entity: 'recall', entityId: recallId, details: { location: report.location, gtin, lot: report.lot ?? null, quantity: report.quantity } });
    return { id: row.id, quantity: row.quantity, replayed: false };
  });
}

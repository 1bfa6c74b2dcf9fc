import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AFFECTED_LOTS_CTE, AFFECTED_SERIALS_CTE } from '../affected.sql.ts';

/**
 * Blocks every affected lot and serial of a recall in one statement each, inside the
 * caller's transaction (R4: all or none, at once), and bumps the block-list version so every
 * API node reloads its in-memory copy.
 */
export async function blockRecalledUnits(tx: Db, clock: Clock, recallId: number): Promise<{ lots: number; serials: number }> {
  const now = clock.now();
  const lots = await tx.query<{ id: number }>(
    `WITH ${AFFECTED_LOTS_CTE}
     INSERT INTO stop_sale_blocks (recall_id, product_id, lot_id, blocked_at)
     SELECT $1, product_id, id, $2 FROM affected_lots
     ON CONFLICT (recall_id, lot_id) WHERE lot_id IS NOT NULL AND serial IS NULL DO NOTHING
     RETURNING id`,
    [recallId, now],
  );
  const serials = await tx.query<{ id: number }>(
    `WITH ${AFFECTED_SERIALS_CTE}
     INSERT INTO stop_sale_blocks (recall_id, product_id, serial, blocked_at)
     SELECT $1, product_id, serial, $2 FROM affected_serials
     ON CONFLICT (recall_id, product_id, serial) WHERE serial IS NOT NULL DO NOTHING
     RETURNING id`,
    [recallId, now],
  );
  await tx.query('UPDATE recalls SET all_lots_blocked_at = coalesce(all_lots_blocked_at, $2) WHERE id = $1', [recallId, now]);
  await bumpBlockListVersion(tx, now);
  return { lots: lots.length, serials: serials.length };
}

/** Lifts a recall's blocks (when it closes); the rows stay as history. */
export async function releaseRecalledUnits(tx: Db, clock: Clock, recallId: number): Promise<number> {
  const released = await tx.query('UPDATE stop_sale_blocks SET released_at = $2 WHERE recall_id = $1 AND released_at IS NULL RETURNING id', [recallId, clock.now()]);
  await bumpBlockListVersion(tx, clock.now());
  return released.length;
}

export async function bumpBlockListVersion(tx: Db, now: Date): Promise<void> {
  await tx.query('UPDATE stop_sale_version SET version = version + 1, changed_at = $1', [now]);
}

export interface ActiveBlock {
  gtin: string;
  lot_code: string | null;
  serial: string | null;
  recall_id: number;
  reference: string;
  classification: string;
  reason: string;
  blocked_at: Date;
}

export async function loadActiveBlocks(db: Db): Promise<{ version: number; blocks: ActiveBlock[] }> {
  // Version first: a change committed while the list is read is picked up by the next poll.
  const [{ version } = { version: 0 }] = await db.query<{ version: number }>('SELECT version FROM stop_sale_version');
  const blocks = await db.query<ActiveBlock>(
    `SELECT p.gtin, l.lot_code, b.serial, r.id AS recall_id, r.reference, r.classification, r.reason, b.blocked_at
     FROM stop_sale_blocks b JOIN recalls r ON r.id = b.recall_id JOIN products p ON p.id = b.product_id LEFT JOIN lots l ON l.id = b.lot_id
     WHERE b.released_at IS NULL ORDER BY p.gtin, l.lot_code, b.serial`,
  );
  return { version, blocks };
}

export async function currentBlockListVersion(db: Db): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT version FROM stop_sale_version');
  return row?.version ?? 0;
}

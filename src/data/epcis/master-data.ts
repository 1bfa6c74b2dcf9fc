import type { Db } from '../../platform/db/database.ts';

/**
 * Products, lots and locations an EPCIS document refers to, found or created in a few
 * set-based statements. Something Rebound has not heard of yet is created with a placeholder
 * name rather than refused: an event about an unknown GTIN is still a fact a recall may need.
 */

/** The document is fine but Rebound's own data contradicts it; the importer reports it as the reason. */
export class MasterDataConflict extends Error {
  override name = 'MasterDataConflict';
}

export interface IdsWithCreated<K> {
  ids: Map<K, number>;
  created: number;
}

/** Keeps statements to a bounded size for very large documents. */
const ROWS_PER_STATEMENT = 5_000;

export function inChunks<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

export async function findOrCreateProducts(tx: Db, gtins: Iterable<string>): Promise<IdsWithCreated<string>> {
  const wanted = [...new Set(gtins)];
  let created = 0;
  for (const chunk of inChunks(wanted)) {
    const rows = await tx.query(
      `INSERT INTO products (gtin, name)
       SELECT gtin, 'GTIN ' || gtin FROM unnest($1::text[]) AS gtin
       ON CONFLICT (gtin) DO NOTHING
       RETURNING id`,
      [chunk],
    );
    created += rows.length;
  }
  const ids = new Map<string, number>();
  for (const chunk of inChunks(wanted)) {
    const rows = await tx.query<{ gtin: string; id: number }>('SELECT gtin, id FROM products WHERE gtin = ANY($1::text[])', [chunk]);
    for (const row of rows) ids.set(row.gtin, row.id);
  }
  return { ids, created };
}

export interface WantedLot {
  productId: number;
  lotCode: string;
  /** Set on a new lot only: an import never rewrites what Rebound already knows about a lot. */
  expiresOn?: string;
}

export function lotKey(productId: number, lotCode: string): string {
  return `${productId}\u0000${lotCode}`;
}

export async function findOrCreateLots(tx: Db, lots: readonly WantedLot[]): Promise<IdsWithCreated<string>> {
  const wanted = [...new Map(lots.map((lot) => [lotKey(lot.productId, lot.lotCode), lot])).values()];
  let created = 0;
  for (const chunk of inChunks(wanted)) {
    const rows = await tx.query(
      `INSERT INTO lots (product_id, lot_code, expires_on)
       SELECT w.product_id, w.lot_code, w.expires_on
       FROM jsonb_to_recordset($1::jsonb) AS w(product_id bigint, lot_code text, expires_on date)
       ON CONFLICT (product_id, lot_code) DO NOTHING
       RETURNING id`,
      [JSON.stringify(chunk.map((lot) => ({ product_id: lot.productId, lot_code: lot.lotCode, expires_on: lot.expiresOn ?? null })))],
    );
    created += rows.length;
  }
  const ids = new Map<string, number>();
  for (const chunk of inChunks(wanted)) {
    const rows = await tx.query<{ product_id: number; lot_code: string; id: number }>(
      `SELECT l.product_id, l.lot_code, l.id
       FROM lots l JOIN jsonb_to_recordset($1::jsonb) AS w(product_id bigint, lot_code text) USING (product_id, lot_code)`,
      [JSON.stringify(chunk.map((lot) => ({ product_id: lot.productId, lot_code: lot.lotCode })))],
    );
    for (const row of rows) ids.set(lotKey(row.product_id, row.lot_code), row.id);
  }
  return { ids, created };
}

export type GuessedLocationKind = 'plant' | 'warehouse';

/**
 * Locations by GLN. An existing location with that GLN is used as it is; so is one whose own
 * code (external_id) is the GLN and that has no GLN recorded, since that is the same place
 * imported before its GLN was known. Otherwise a location is created with the GLN as its code,
 * a placeholder name and a guessed kind, for someone to complete in the console.
 */
export async function findOrCreateLocations(tx: Db, kindByGln: ReadonlyMap<string, GuessedLocationKind>): Promise<IdsWithCreated<string>> {
  const wanted = [...kindByGln].map(([gln, kind]) => ({ gln, kind }));
  let created = 0;
  for (const chunk of inChunks(wanted)) {
    const rows = await tx.query(
      `INSERT INTO locations (external_id, gln, kind, name)
       SELECT w.gln, w.gln, w.kind, 'GLN ' || w.gln
       FROM jsonb_to_recordset($1::jsonb) AS w(gln text, kind text)
       WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.gln = w.gln OR l.external_id = w.gln)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [JSON.stringify(chunk)],
    );
    created += rows.length;
  }
  const ids = new Map<string, number>();
  for (const chunk of inChunks(wanted)) {
    const rows = await tx.query<{ gln: string; id: number }>(
      `SELECT DISTINCT ON (w.gln) w.gln, l.id
       FROM unnest($1::text[]) AS w(gln)
       JOIN locations l ON l.gln = w.gln OR (l.gln IS NULL AND l.external_id = w.gln)
       ORDER BY w.gln, (l.gln IS NOT NULL) DESC`,
      [chunk.map((row) => row.gln)],
    );
    for (const row of rows) ids.set(row.gln, row.id);
  }
  const unresolved = wanted.filter((row) => !ids.has(row.gln)).map((row) => row.gln);
  if (unresolved.length > 0) {
    // Only possible when a location's code is this GLN while its recorded GLN is another one.
    throw new MasterDataConflict(
      `location code ${unresolved.join(', ')} is taken by a location with a different GLN; correct that location before importing events for this GLN`,
    );
  }
  return { ids, created };
}

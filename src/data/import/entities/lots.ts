import type { EntityImporter } from '../entity.ts';
import { attachReference, idsByKey, lastPerKey } from '../entity.ts';
import { date, integer, optional, required, text } from '../fields.ts';
import { gtin } from '../gs1-fields.ts';

export type LotValues = {
  gtin: string;
  lot_code: string;
  produced_on: string | null;
  expires_on: string | null;
  quantity_produced: number | null;
};

export const lotsImporter: EntityImporter<LotValues> = {
  name: 'lots',
  description: 'Production lots of known products, with production and expiry dates and quantity produced',
  fields: {
    gtin: required(gtin),
    lot_code: required(text(20)), // GS1 AI 10 allows at most 20 characters
    produced_on: optional(date),
    expires_on: optional(date),
    quantity_produced: optional(integer(0, 2_000_000_000)),
  },
  checkRow(values) {
    return values.produced_on && values.expires_on && values.expires_on < values.produced_on
      ? [{ field: 'expires_on', message: `${values.expires_on} is before produced_on ${values.produced_on}` }]
      : [];
  },
  async writeBatch(tx, rows, context) {
    const productIds = await idsByKey(tx, 'SELECT gtin AS key, id FROM products WHERE gtin = ANY($1)', rows.map((r) => r.values.gtin));
    const { resolved, errors } = attachReference(rows, {
      field: 'gtin',
      idKey: 'product_id',
      keyOf: (v) => v.gtin,
      ids: productIds,
      unknown: (gtin) => `no product with GTIN ${gtin} (import products first)`,
    });
    if (context.write && resolved.length > 0) {
      await tx.query(
        `INSERT INTO lots (product_id, lot_code, produced_on, expires_on, quantity_produced)
         SELECT r.product_id, r.lot_code, r.produced_on, r.expires_on, r.quantity_produced
         FROM jsonb_to_recordset($1::jsonb) AS r(product_id bigint, lot_code text, produced_on date, expires_on date, quantity_produced integer)
         ON CONFLICT (product_id, lot_code) DO UPDATE SET produced_on = EXCLUDED.produced_on, expires_on = EXCLUDED.expires_on,
           quantity_produced = EXCLUDED.quantity_produced, updated_at = now()`,
        [JSON.stringify(lastPerKey(resolved, (r) => `${r.product_id}/${r.lot_code}`))],
      );
    }
    return errors;
  },
};

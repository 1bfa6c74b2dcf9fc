import type { EntityImporter } from '../entity.ts';
import { lastPerKey, refuseClaimedValues } from '../entity.ts';
import { optional, required, text } from '../fields.ts';
import { gtin } from '../gs1-fields.ts';

export type ProductValues = {
  gtin: string;
  sku: string | null;
  name: string;
  brand: string | null;
  category: string | null;
};

export const productsImporter: EntityImporter<ProductValues> = {
  name: 'products',
  description: 'Products by GTIN (check digit validated) with SKU, name, brand and category',
  fields: {
    gtin: required(gtin),
    sku: optional(text(100)),
    name: required(text(300)),
    brand: optional(text(200)),
    category: optional(text(200)),
  },
  async writeBatch(tx, rows, context) {
    // A SKU already used by another product would break the unique constraint mid-batch;
    // find those rows first so the report names them.
    const skus = rows.filter((r) => r.values.sku).map((r) => r.values.sku as string);
    const taken = skus.length
      ? await tx.query<{ sku: string; gtin: string }>('SELECT sku, gtin FROM products WHERE sku = ANY($1)', [skus])
      : [];
    const { accepted, errors } = refuseClaimedValues(rows, {
      field: 'sku',
      valueOf: (v) => v.sku,
      ownerOf: (v) => v.gtin,
      holders: new Map(taken.map((t) => [t.sku, t.gtin])),
      describe: (sku, gtin) => `SKU "${sku}" already belongs to GTIN ${gtin}`,
    });
    if (context.write && accepted.length > 0) {
      await tx.query(
        `INSERT INTO products (gtin, sku, name, brand, category)
         SELECT r.gtin, r.sku, r.name, r.brand, r.category
         FROM jsonb_to_recordset($1::jsonb) AS r(gtin text, sku text, name text, brand text, category text)
         ON CONFLICT (gtin) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, brand = EXCLUDED.brand,
           category = EXCLUDED.category, updated_at = now()`,
        [JSON.stringify(lastPerKey(accepted, (r) => r.values.gtin).map((r) => r.values))],
      );
    }
    return errors;
  },
};

import type { EntityImporter } from '../entity.ts';
import { lastPerKey, refuseClaimedValues } from '../entity.ts';
import { countryCode, email, oneOf, optional, required, text } from '../fields.ts';
import { gln } from '../gs1-fields.ts';

export type LocationValues = {
  external_id: string;
  gln: string | null;
  kind: string;
  name: string;
  chain: string | null;
  region: string | null;
  country: string | null;
  city: string | null;
  address: string | null;
  postal_code: string | null;
  email: string | null;
};

export const locationsImporter: EntityImporter<LocationValues> = {
  name: 'locations',
  description: 'Points of sale, warehouses, distributors and plants, with GLN, chain and region',
  fields: {
    external_id: required(text(100)),
    gln: optional(gln),
    kind: required(oneOf(['store', 'warehouse', 'distributor', 'plant', 'online'])),
    name: required(text(200)),
    chain: optional(text(200)),
    region: optional(text(200)),
    country: optional(countryCode),
    city: optional(text(200)),
    address: optional(text(500)),
    postal_code: optional(text(20)),
    email: optional(email),
  },
  async writeBatch(tx, rows, context) {
    const glns = rows.filter((r) => r.values.gln).map((r) => r.values.gln as string);
    const taken = glns.length
      ? await tx.query<{ gln: string; external_id: string }>('SELECT gln, external_id FROM locations WHERE gln = ANY($1)', [glns])
      : [];
    const { accepted, errors } = refuseClaimedValues(rows, {
      field: 'gln',
      valueOf: (v) => v.gln,
      ownerOf: (v) => v.external_id,
      holders: new Map(taken.map((t) => [t.gln, t.external_id])),
      describe: (code, holder) => `GLN ${code} already belongs to location ${holder}`,
    });
    if (context.write && accepted.length > 0) {
      await tx.query(
        `INSERT INTO locations (external_id, gln, kind, name, chain, region, country, city, address, postal_code, email)
         SELECT r.external_id, r.gln, r.kind, r.name, r.chain, r.region, r.country, r.city, r.address, r.postal_code, r.email
         FROM jsonb_to_recordset($1::jsonb) AS r(external_id text, gln text, kind text, name text, chain text, region text,
              country text, city text, address text, postal_code text, email text)
         ON CONFLICT (external_id) DO UPDATE SET gln = EXCLUDED.gln, kind = EXCLUDED.kind, name = EXCLUDED.name,
           chain = EXCLUDED.chain, region = EXCLUDED.region, country = EXCLUDED.country, city = EXCLUDED.city,
           address = EXCLUDED.address, postal_code = EXCLUDED.postal_code, email = EXCLUDED.email, updated_at = now()`,
        [JSON.stringify(lastPerKey(accepted, (r) => r.values.external_id).map((r) => r.values))],
      );
    }
    return errors;
  },
};

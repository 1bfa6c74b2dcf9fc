import type { Db } from '../platform/db/database.ts';

export interface CustomerFilter {
  q?: string;
  tier?: string;
  language?: string;
  country?: string;
  sort?: CustomerSort;
  limit: number;
  offset: number;
}

/** Sort keys the API accepts, mapped to SQL once so no user text reaches ORDER BY. */
export const CUSTOMER_SORTS = {
  name: 'lower(name) ASC, id',
  '-name': 'lower(name) DESC, id',
  external_id: 'external_id ASC',
  '-external_id': 'external_id DESC',
  customer_since: 'customer_since ASC NULLS LAST, id',
  '-customer_since': 'customer_since DESC NULLS LAST, id',
  '-created_at': 'created_at DESC, id DESC',
} as const;
export type CustomerSort = keyof typeof CUSTOMER_SORTS;

const CUSTOMER_COLUMNS = 'id, external_id, name, email, phone, language, time_zone, tier, country, region, customer_since, created_at, updated_at';

export async function listCustomers(db: Db, filter: CustomerFilter) {
  const params = [filter.q ? `%${filter.q.toLowerCase()}%` : null, filter.tier ?? null, filter.language ?? null, filter.country ?? null];
  const where = `WHERE ($1::text IS NULL OR lower(name) LIKE $1 OR lower(email) LIKE $1 OR lower(external_id) LIKE $1)
    AND ($2::text IS NULL OR tier = $2) AND ($3::text IS NULL OR language = $3) AND ($4::text IS NULL OR country = $4)`;
  const items = await db.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers ${where} ORDER BY ${CUSTOMER_SORTS[filter.sort ?? 'name']} LIMIT $5 OFFSET $6`,
    [...params, filter.limit, filter.offset],
  );
  const [total] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM customers ${where}`, params);
  return { items, total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
}

/**
 * Customer 360: profile, consents, what they bought (with lot and store — what a recall
 * needs to know), shipments and the interaction timeline.
 */
export async function customer360(db: Db, id: number) {
  const [customer] = await db.query(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = $1`, [id]);
  if (!customer) return undefined;
  const consents = await db.query('SELECT channel, granted, recorded_at, source FROM customer_consents WHERE customer_id = $1 ORDER BY channel', [id]);
  const orders = await db.query(
    `SELECT o.id, o.external_id, o.ordered_at, o.channel, o.currency, loc.name AS location_name, loc.chain,
            coalesce(sum(ol.quantity * ol.unit_price_minor), 0)::bigint AS total_minor,
            jsonb_agg(jsonb_build_object('line_no', ol.line_no, 'gtin', p.gtin, 'product', p.name, 'lot_code', l.lot_code,
              'serial', ol.serial, 'quantity', ol.quantity, 'unit_price_minor', ol.unit_price_minor) ORDER BY ol.line_no) AS lines
     FROM orders o
     LEFT JOIN locations loc ON loc.id = o.location_id
     JOIN order_lines ol ON ol.order_id = o.id
     JOIN products p ON p.id = ol.product_id
     LEFT JOIN lots l ON l.id = ol.lot_id
     WHERE o.customer_id = $1
     GROUP BY o.id, loc.name, loc.chain
     ORDER BY o.ordered_at DESC LIMIT 100`,
    [id],
  );
  const shipments = await db.query(
    `SELECT s.id, s.external_id, o.external_id AS order_external_id, s.carrier, s.status, s.promised_on, s.estimated_delivery_on, s.shipped_at, s.delivered_at
     FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.customer_id = $1 ORDER BY s.id DESC LIMIT 100`,
    [id],
  );
  const interactions = await db.query(
    'SELECT id, occurred_at, kind, channel, summary, ref_type, ref_id FROM interactions WHERE customer_id = $1 ORDER BY occurred_at DESC LIMIT 200',
    [id],
  );
  return { customer, consents, orders, shipments, interactions };
}

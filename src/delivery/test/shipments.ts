import type { Db } from '../../platform/db/database.ts';

export interface TestShipment {
  external: string;
  carrier: string;
  tracking?: string;
  shippedAt?: string | null;
  promisedOn?: string | null;
  estimatedOn?: string | null;
  country?: string | null;
  warehouse?: string | null;
  release?: string | null;
  customer?: string;
}

let orders = 0;

/** A customer, an order and its shipment, as the data hub holds them (set up in SQL, not mocked). */
export async function addShipment(db: Db, s: TestShipment): Promise<number> {
  const customer = s.customer ?? `C-${s.external}`;
  await db.query(`INSERT INTO customers (external_id, name, email, country) VALUES ($1, $1, $2, $3) ON CONFLICT (external_id) DO NOTHING`, [customer, `${customer.toLowerCase()}@example.com`, s.country ?? null]);
  const [order] = await db.query<{ id: number }>(
    `INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
     SELECT $1, id, 'online', coalesce($3::timestamptz, '2026-11-01T10:00:00Z'), 'EUR' FROM customers WHERE external_id = $2 RETURNING id`,
    [`O-${s.external}-${++orders}`, customer, s.shippedAt ?? null]);
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO shipments (external_id, order_id, carrier, tracking_number, status, promised_on, estimated_delivery_on, shipped_at, destination_country, warehouse, integration_release)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::timestamptz IS NULL THEN 'pending' ELSE 'shipped' END, $6, $7, $5, $8, $9, $10) RETURNING id`,
    [s.external, order!.id, s.carrier, s.tracking ?? `T-${s.external}`, s.shippedAt ?? null, s.promisedOn ?? null, s.estimatedOn ?? null, s.country ?? null, s.warehouse ?? null, s.release ?? null]);
  return row!.id;
}

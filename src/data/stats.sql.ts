import type { Db } from '../platform/db/database.ts';

const DAY_MS = 86_400_000;

export interface OrdersOnDay {
  day: string;
  orders: number;
  online: number;
  store: number;
}

/** ISO calendar day (UTC) of a time. */
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The home screen's figures: how big the data hub is, orders per day over the last `days`
 * days (UTC days, every day present, zero when nothing was sold) and shipments by status.
 * Each query is one index-backed aggregate, so the answer stays quick at millions of orders.
 */
export async function dataHubStats(db: Db, options: { days: number; now: Date }) {
  const end = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  const start = end - options.days * DAY_MS;

  const [totals] = await db.query<{ customers: number; products: number; lots: number; locations: number; orders: number; shipments: number }>(
    `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM products) AS products,
            (SELECT count(*) FROM lots) AS lots, (SELECT count(*) FROM locations) AS locations,
            (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM shipments) AS shipments`,
  );
  const perDay = await db.query<{ day: string; orders: number; online: number }>(
    `SELECT to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS orders,
            count(*) FILTER (WHERE channel = 'online') AS online
     FROM orders WHERE ordered_at >= $1 AND ordered_at < $2
     GROUP BY 1 ORDER BY 1`,
    [new Date(start), new Date(end)],
  );
  const byDay = new Map(perDay.map((row) => [row.day, row]));
  const ordersByDay: OrdersOnDay[] = [];
  for (let ms = start; ms < end; ms += DAY_MS) {
    const row = byDay.get(isoDay(ms));
    const orders = Number(row?.orders ?? 0);
    const online = Number(row?.online ?? 0);
    ordersByDay.push({ day: isoDay(ms), orders, online, store: orders - online });
  }
  const [latest] = await db.query<{ at: Date | null }>('SELECT max(ordered_at) AS at FROM orders');
  const shipmentsByStatus = await db.query<{ status: string; shipments: number }>(
    'SELECT status, count(*) AS shipments FROM shipments GROUP BY status ORDER BY count(*) DESC, status',
  );
  return {
    totals: {
      customers: Number(totals?.customers ?? 0),
      products: Number(totals?.products ?? 0),
      lots: Number(totals?.lots ?? 0),
      locations: Number(totals?.locations ?? 0),
      orders: Number(totals?.orders ?? 0),
      shipments: Number(totals?.shipments ?? 0),
    },
    lastOrderAt: latest?.at ? new Date(latest.at).toISOString() : null,
    from: isoDay(start),
    to: isoDay(end - DAY_MS),
    ordersByDay,
    shipmentsByStatus: shipmentsByStatus.map((row) => ({ status: row.status, shipments: Number(row.shipments) })),
  };
}

import type { Db } from '../platform/db/database.ts';

interface PageArgs {
  limit: number;
  offset: number;
}

async function paged(db: Db, select: string, from: string, order: string, params: unknown[], page: PageArgs) {
  const items = await db.query(`${select} ${from} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, page.limit, page.offset]);
  const [total] = await db.query<{ n: number }>(`SELECT count(*) AS n ${from}`, params);
  return { items, total: total?.n ?? 0, limit: page.limit, offset: page.offset };
}

export function listProducts(db: Db, filter: PageArgs & { q?: string; category?: string }) {
  return paged(
    db,
    'SELECT p.id, p.gtin, p.sku, p.name, p.brand, p.category, (SELECT count(*) FROM lots l WHERE l.product_id = p.id) AS lot_count',
    `FROM products p WHERE ($1::text IS NULL OR lower(p.name) LIKE $1 OR p.gtin LIKE $1 OR lower(p.sku) LIKE $1) AND ($2::text IS NULL OR p.category = $2)`,
    'lower(p.name), p.id',
    [filter.q ? `%${filter.q.toLowerCase()}%` : null, filter.category ?? null],
    filter,
  );
}

export function listLots(db: Db, filter: PageArgs & { gtin?: string; lot_code?: string }) {
  return paged(
    db,
    'SELECT l.id, p.gtin, p.name AS product_name, l.lot_code, l.produced_on, l.expires_on, l.quantity_produced',
    `FROM lots l JOIN products p ON p.id = l.product_id WHERE ($1::text IS NULL OR p.gtin = $1) AND ($2::text IS NULL OR l.lot_code = $2)`,
    'l.produced_on DESC NULLS LAST, l.id DESC',
    [filter.gtin ?? null, filter.lot_code ?? null],
    filter,
  );
}

export function listLocations(db: Db, filter: PageArgs & { kind?: string; chain?: string; region?: string }) {
  return paged(
    db,
    'SELECT id, external_id, gln, kind, name, chain, region, country, city, address, postal_code, email',
    `FROM locations WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR chain = $2) AND ($3::text IS NULL OR region = $3)`,
    'chain NULLS LAST, name, id',
    [filter.kind ?? null, filter.chain ?? null, filter.region ?? null],
    filter,
  );
}

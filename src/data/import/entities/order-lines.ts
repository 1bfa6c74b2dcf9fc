import type { Db } from '../../../platform/db/database.ts';
import type { EntityImporter, RowError, ValidRow } from '../entity.ts';
import { idsByKey, lastPerKey } from '../entity.ts';
import { currencyCode, integer, oneOf, optional, required, text, timestamp } from '../fields.ts';
import { gtin } from '../gs1-fields.ts';
import { cleanInteger, cleanOneOf, cleanText, cleanTimestamp, gtinCheckDigitOk, STAGE } from '../staged.ts';

/**
 * Purchase lines as tills, web shops and loyalty systems export them: one row per line,
 * the order's header repeated on each. The order is created (or updated) from its lines.
 */
export type OrderLineValues = {
  order_external_id: string;
  ordered_at: string;
  channel: string;
  location_external_id: string | null;
  customer_external_id: string | null;
  line_no: number;
  gtin: string;
  lot_code: string | null;
  serial: string | null;
  quantity: number;
  unit_price_minor: number;
  currency: string;
  /** 'return' for a return or a cancelled sale: its lines are what was taken back (docs/winback-metrics.md). */
  kind: 'sale' | 'return' | null;
};

const CHANNELS = ['store', 'online', 'phone', 'marketplace'] as const;
const KINDS = ['sale', 'return'] as const;
const HEADER_FIELDS = ['ordered_at', 'channel', 'location_external_id', 'customer_external_id', 'currency', 'kind'] as const;
/** Temporary tables of a staged import: each order of the file once, each GTIN and lot once. */
const ORDERS = 'import_orders';
const ITEMS = 'import_items';

export const orderLinesImporter: EntityImporter<OrderLineValues> = {
  name: 'order-lines',
  description: 'Order lines (store or online; customer optional for anonymous sales; lot and serial when captured)',
  fields: {
    order_external_id: required(text(100)),
    ordered_at: required(timestamp),
    channel: required(oneOf(CHANNELS)),
    location_external_id: optional(text(100)),
    customer_external_id: optional(text(100)),
    line_no: required(integer(1, 100_000)),
    gtin: required(gtin),
    lot_code: optional(text(20)),
    serial: optional(text(20)), // GS1 AI 21 allows at most 20 characters
    quantity: required(integer(1, 1_000_000)),
    unit_price_minor: required(integer(0)),
    currency: required(currencyCode),
    kind: optional(oneOf(KINDS)),
  },
  checkRow(values) {
    return values.channel === 'store' && !values.location_external_id
      ? [{ field: 'location_external_id', message: 'required for a store sale' }]
      : [];
  },
  async writeBatch(tx, rows, context) {
    const errors: RowError[] = [];
    const consistent = rowsWithConsistentHeaders(rows, errors);
    const refs = await resolveReferences(tx, consistent);
    const resolved = consistent.flatMap((r) => {
      const v = r.values;
      const productId = refs.products.get(v.gtin);
      const lotId = v.lot_code ? refs.lots.get(`${v.gtin}|${v.lot_code}`) : null;
      const customerId = v.customer_external_id ? refs.customers.get(v.customer_external_id) : null;
      const locationId = v.location_external_id ? refs.locations.get(v.location_external_id) : null;
      const problems: RowError[] = [];
      if (productId === undefined) problems.push({ line: r.line, field: 'gtin', message: `no product with GTIN ${v.gtin}` });
      else if (lotId === undefined) problems.push({ line: r.line, field: 'lot_code', message: `no lot "${v.lot_code}" of GTIN ${v.gtin}` });
      if (customerId === undefined) problems.push({ line: r.line, field: 'customer_external_id', message: `no customer "${v.customer_external_id}"` });
      if (locationId === undefined) problems.push({ line: r.line, field: 'location_external_id', message: `no location "${v.location_external_id}"` });
      errors.push(...problems);
      return problems.length ? [] : [{ ...v, product_id: productId, lot_id: lotId, customer_id: customerId, location_id: locationId }];
    });
    if (context.write && resolved.length > 0) await writeOrdersAndLines(tx, resolved);
    return errors;
  },
  staged: {
    rowIsClean: [
      cleanText('order_external_id', 100, true),
      cleanOneOf('channel', CHANNELS, true),
      cleanText('location_external_id', 100, false),
      cleanText('customer_external_id', 100, false),
      cleanInteger('line_no', 1, 100_000, true),
      cleanText('lot_code', 20, false),
      cleanText('serial', 20, false),
      cleanInteger('quantity', 1, 1_000_000, true),
      cleanInteger('unit_price_minor', 0, Number.MAX_SAFE_INTEGER, true),
      `s.currency ~ '^[A-Z]{3}$'`,
      cleanOneOf('kind', KINDS, false),
      `NOT (s.channel = 'store' AND coalesce(s.location_external_id, '') = '')`,
    ].join('\n AND '),
    // An order's timestamp repeats on each of its lines and a file holds few GTINs: checked once per value.
    distinctValuesAreClean: [
      { columns: ['ordered_at'], clean: cleanTimestamp('ordered_at', true) },
      { columns: ['gtin'], clean: `s.gtin ~ '^([0-9]{8}|[0-9]{12,14})$' AND ${gtinCheckDigitOk('s.gtin')}` },
    ],
    prepare: [
      `DROP TABLE IF EXISTS pg_temp.${ORDERS}, pg_temp.${ITEMS}`,
      // Each order once, its header from its last line, resolved once: customer, location, and
      // whether it exists. New orders get their id here, so their lines need no lookup and no upsert.
      `CREATE TEMP TABLE ${ORDERS} ON COMMIT DROP AS
       SELECT coalesce(o.id, nextval(pg_get_serial_sequence('orders', 'id'))) AS id, o.id IS NULL AS fresh, h.*, c.id AS customer_id, loc.id AS location_id
       FROM (SELECT DISTINCT ON (s.order_external_id) s.order_external_id AS external_id, s.ordered_at::timestamptz AS ordered_at, s.channel,
                    nullif(s.location_external_id, '') AS location_external_id, nullif(s.customer_external_id, '') AS customer_external_id,
                    s.currency, nullif(s.kind, '') AS kind
             FROM ${STAGE} s ORDER BY s.order_external_id, s.ord DESC) h
       LEFT JOIN orders o ON o.external_id = h.external_id
       LEFT JOIN customers c ON c.external_id = h.customer_external_id
       LEFT JOIN locations loc ON loc.external_id = h.location_external_id`,
      `ANALYZE ${ORDERS}`,
      // Each GTIN and lot once (lot_code '' when none), resolved to product and lot.
      `CREATE TEMP TABLE ${ITEMS} ON COMMIT DROP AS
       SELECT i.gtin, i.lot_code, p.id AS product_id, l.id AS lot_id
       FROM (SELECT DISTINCT s.gtin, coalesce(s.lot_code, '') AS lot_code FROM ${STAGE} s) i
       LEFT JOIN products p ON p.gtin = lpad(i.gtin, 14, '0')
       LEFT JOIN lots l ON l.product_id = p.id AND l.lot_code = i.lot_code`,
      `ANALYZE ${ITEMS}`,
    ],
    problems: [
      // Lines of one order that disagree on its header (the row-by-row path names the line).
      `SELECT 1 FROM ${STAGE} s JOIN ${ORDERS} h ON h.external_id = s.order_external_id
       WHERE (s.ordered_at::timestamptz, s.channel, nullif(s.location_external_id, ''), nullif(s.customer_external_id, ''), s.currency, nullif(s.kind, ''))
             IS DISTINCT FROM (h.ordered_at, h.channel, h.location_external_id, h.customer_external_id, h.currency, h.kind)
       LIMIT 1`,
      // References that resolve to nothing.
      `SELECT 1 FROM ${ORDERS} h
       WHERE (h.customer_external_id IS NOT NULL AND h.customer_id IS NULL) OR (h.location_external_id IS NOT NULL AND h.location_id IS NULL)
       LIMIT 1`,
      `SELECT 1 FROM ${ITEMS} i WHERE i.product_id IS NULL OR (i.lot_code <> '' AND i.lot_id IS NULL) LIMIT 1`,
    ],
    write: [
      `INSERT INTO orders (id, external_id, customer_id, location_id, channel, ordered_at, currency, kind) OVERRIDING SYSTEM VALUE
       SELECT h.id, h.external_id, h.customer_id, h.location_id, h.channel, h.ordered_at, h.currency, coalesce(h.kind, 'sale')
       FROM ${ORDERS} h WHERE h.fresh ORDER BY h.id`,
      `UPDATE orders o SET customer_id = h.customer_id, location_id = h.location_id, channel = h.channel, ordered_at = h.ordered_at,
         currency = h.currency, kind = coalesce(h.kind, 'sale')
       FROM ${ORDERS} h
       WHERE NOT h.fresh AND o.id = h.id
         AND (o.customer_id, o.location_id, o.channel, o.ordered_at, o.currency, o.kind)
             IS DISTINCT FROM (h.customer_id, h.location_id, h.channel, h.ordered_at, h.currency, coalesce(h.kind, 'sale'))`,
      // Lines of new orders cannot exist yet: a plain insert (last row per line wins).
      `INSERT INTO order_lines (order_id, line_no, product_id, lot_id, serial, quantity, unit_price_minor, currency)
       ${linesOf('h.fresh')}`,
      `INSERT INTO order_lines (order_id, line_no, product_id, lot_id, serial, quantity, unit_price_minor, currency)
       ${linesOf('NOT h.fresh')}
       ON CONFLICT (order_id, line_no) DO UPDATE SET product_id = EXCLUDED.product_id, lot_id = EXCLUDED.lot_id,
         serial = EXCLUDED.serial, quantity = EXCLUDED.quantity, unit_price_minor = EXCLUDED.unit_price_minor,
         currency = EXCLUDED.currency`,
    ],
  },
};

/** The staged lines of the orders that match `which`, the last row per order line, in key order. */
function linesOf(which: string): string {
  return `SELECT DISTINCT ON (h.id, s.line_no::int) h.id, s.line_no::int, i.product_id, i.lot_id, nullif(s.serial, ''), s.quantity::int,
            s.unit_price_minor::bigint, s.currency
     FROM ${STAGE} s
     JOIN ${ORDERS} h ON h.external_id = s.order_external_id
     JOIN ${ITEMS} i ON i.gtin = s.gtin AND i.lot_code = coalesce(s.lot_code, '')
     WHERE ${which}
     ORDER BY h.id, s.line_no::int, s.ord DESC`;
}

/** Lines of one order must agree on its header; a line that contradicts an earlier one is refused. */
function rowsWithConsistentHeaders(rows: ValidRow<OrderLineValues>[], errors: RowError[]): ValidRow<OrderLineValues>[] {
  const firstOf = new Map<string, ValidRow<OrderLineValues>>();
  return rows.filter((r) => {
    const first = firstOf.get(r.values.order_external_id);
    if (!first) {
      firstOf.set(r.values.order_external_id, r);
      return true;
    }
    const field = HEADER_FIELDS.find((f) => first.values[f] !== r.values[f]);
    if (!field) return true;
    errors.push({ line: r.line, field, message: `differs from line ${first.line} of the same order ("${first.values[field]}")` });
    return false;
  });
}

async function resolveReferences(tx: Db, rows: ValidRow<OrderLineValues>[]) {
  const values = rows.map((r) => r.values);
  const withLot = values.filter((v) => v.lot_code);
  // Sequential on purpose: one transaction is one connection, and neither driver runs
  // two statements on one connection at once.
  const products = await idsByKey(tx, 'SELECT gtin AS key, id FROM products WHERE gtin = ANY($1)', values.map((v) => v.gtin));
  const customers = await idsByKey(tx, 'SELECT external_id AS key, id FROM customers WHERE external_id = ANY($1)', values.flatMap((v) => v.customer_external_id ?? []));
  const locations = await idsByKey(tx, 'SELECT external_id AS key, id FROM locations WHERE external_id = ANY($1)', values.flatMap((v) => v.location_external_id ?? []));
  const lotRows = withLot.length
    ? await tx.query<{ key: string; id: number }>(
        `SELECT p.gtin || '|' || l.lot_code AS key, l.id
         FROM unnest($1::text[], $2::text[]) AS k(gtin, lot_code)
         JOIN products p ON p.gtin = k.gtin
         JOIN lots l ON l.product_id = p.id AND l.lot_code = k.lot_code`,
        [withLot.map((v) => v.gtin), withLot.map((v) => v.lot_code)],
      )
    : [];
  return { products, customers, locations, lots: new Map(lotRows.map((l) => [l.key, l.id])) };
}

type ResolvedLine = OrderLineValues & { product_id?: number; lot_id?: number | null; customer_id?: number | null; location_id?: number | null };

async function writeOrdersAndLines(tx: Db, lines: ResolvedLine[]): Promise<void> {
  const orders = lastPerKey(lines, (l) => l.order_external_id);
  const written = await tx.query<{ id: number; external_id: string }>(
    `INSERT INTO orders (external_id, customer_id, location_id, channel, ordered_at, currency, kind)
     SELECT r.order_external_id, r.customer_id, r.location_id, r.channel, r.ordered_at, r.currency, coalesce(r.kind, 'sale')
     FROM jsonb_to_recordset($1::jsonb) AS r(order_external_id text, customer_id bigint, location_id bigint, channel text,
          ordered_at timestamptz, currency text, kind text)
     ON CONFLICT (external_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, location_id = EXCLUDED.location_id,
       channel = EXCLUDED.channel, ordered_at = EXCLUDED.ordered_at, currency = EXCLUDED.currency, kind = EXCLUDED.kind
     RETURNING id, external_id`,
    [JSON.stringify(orders)],
  );
  const orderIds = new Map(written.map((w) => [w.external_id, w.id]));
  const lineRows = lastPerKey(lines, (l) => `${l.order_external_id}#${l.line_no}`).map((l) => ({
    order_id: orderIds.get(l.order_external_id),
    line_no: l.line_no,
    product_id: l.product_id,
    lot_id: l.lot_id,
    serial: l.serial,
    quantity: l.quantity,
    unit_price_minor: l.unit_price_minor,
    currency: l.currency,
  }));
  await tx.query(
    `INSERT INTO order_lines (order_id, line_no, product_id, lot_id, serial, quantity, unit_price_minor, currency)
     SELECT r.order_id, r.line_no, r.product_id, r.lot_id, r.serial, r.quantity, r.unit_price_minor, r.currency
     FROM jsonb_to_recordset($1::jsonb) AS r(order_id bigint, line_no integer, product_id bigint, lot_id bigint, serial text,
          quantity integer, unit_price_minor bigint, currency text)
     ON CONFLICT (order_id, line_no) DO UPDATE SET product_id = EXCLUDED.product_id, lot_id = EXCLUDED.lot_id,
       serial = EXCLUDED.serial, quantity = EXCLUDED.quantity, unit_price_minor = EXCLUDED.unit_price_minor,
       currency = EXCLUDED.currency`,
    [JSON.stringify(lineRows)],
  );
}

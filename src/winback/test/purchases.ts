import { readFileSync } from 'node:fs';
import { corpus } from '../../../test/corpora.ts';
import type { Db } from '../../platform/db/database.ts';

/** One order of one line, as the metric tests load them: enough to exercise every convention. */
export interface TestOrder {
  invoice: string;
  customer: string;
  at: string; // ISO timestamp
  valueMinor: number;
  kind?: 'sale' | 'return';
  currency?: string;
}

const PRODUCT_GTIN = '04006381333931';

/** Writes customers, one product and the orders with set-based inserts (thousands in a second on PGlite). */
export async function loadOrders(db: Db, orders: readonly TestOrder[]): Promise<void> {
  const customers = [...new Set(orders.map((o) => o.customer))];
  await db.query(
    `INSERT INTO customers (external_id, name) SELECT c, 'Customer ' || c FROM unnest($1::text[]) AS c ON CONFLICT (external_id) DO NOTHING`,
    [customers],
  );
  await db.query(`INSERT INTO products (gtin, name) VALUES ($1, 'Assorted goods') ON CONFLICT (gtin) DO NOTHING`, [PRODUCT_GTIN]);
  await db.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(invoice text, customer text, at timestamptz, "valueMinor" bigint, kind text, currency text)
     ), written AS (
       INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency, kind)
       SELECT i.invoice, c.id, 'online', i.at, coalesce(i.currency, 'GBP'), coalesce(i.kind, 'sale')
       FROM input i JOIN customers c ON c.external_id = i.customer
       RETURNING id, external_id, currency
     )
     INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency)
     SELECT w.id, 1, (SELECT id FROM products WHERE gtin = $2), 1, i."valueMinor", w.currency
     FROM written w JOIN input i ON i.invoice = w.external_id`,
    [JSON.stringify(orders), PRODUCT_GTIN],
  );
}

/**
 * The cleaned UCI Online Retail invoices (corpora/online-retail/invoices.csv): 18,532 invoices
 * of 4,338 customers in GBP, dates only (taken as noon UTC), totals in pounds.
 */
export function onlineRetailInvoices(): TestOrder[] {
  const [, ...lines] = readFileSync(corpus('online-retail', 'invoices.csv'), 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [invoice, date, customer, total] = line.split(',') as [string, string, string, string];
    return { invoice, customer, at: `${date}T12:00:00Z`, valueMinor: Math.round(Number(total) * 100) };
  });
}

/**
 * The raw head of the same data set (raw-samples/hellich_OnlineRetail_head.csv), lines summed
 * per invoice. An invoice number starting with "C" is a cancellation, with negative quantities:
 * it becomes a return of the same (positive) value, as docs/winback-metrics.md says. Four lines
 * have the quantity run into the description ("GIN + TONIC DIET METAL   2"): it is read back
 * from the description's last word. Dates are m/d/yy h:mm.
 */
export function onlineRetailRawHead(): TestOrder[] {
  const [, ...lines] = readFileSync(corpus('online-retail', 'raw-samples', 'hellich_OnlineRetail_head.csv'), 'utf8').trim().split('\n');
  const byInvoice = new Map<string, TestOrder>();
  for (const line of lines) {
    const fields = line.split(',');
    const [invoice] = fields as [string];
    const [date, price, customer] = fields.slice(-4, -1) as [string, string, string];
    const middle = fields.slice(2, -4);
    const quantity = Number(middle.length >= 2 ? middle.at(-1) : middle[0]!.trim().split(/\s+/).at(-1));
    const [m, d, y, hh, mm] = date.split(/[/ :]/).map(Number) as [number, number, number, number, number];
    const at = new Date(Date.UTC(2000 + y, m - 1, d, hh, mm)).toISOString();
    const cancelled = invoice.startsWith('C');
    const order = byInvoice.get(invoice) ?? { invoice, customer, at, valueMinor: 0, kind: cancelled ? 'return' : 'sale' };
    // A cancellation's quantities are negative; the return records what was taken back.
    order.valueMinor += Math.round(Math.abs(quantity) * Number(price) * 100);
    byInvoice.set(invoice, order);
  }
  return [...byInvoice.values()];
}

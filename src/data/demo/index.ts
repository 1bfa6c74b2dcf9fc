/**
 * Deterministic demo data for Rebound: customers, catalogue, lots, locations, a year of
 * orders and the parcels of online orders, as rows in the importers' column shapes (JSON
 * Lines values). Pure: no database, no clock, no Math.random — the same options give
 * byte-identical rows. The big sets are iterables that regenerate on every iteration.
 */
import { buildCatalogue, buildMarkets, type LotRow, type ProductRow } from './catalogue.ts';
import { buildCustomers, type CustomerRow } from './customers.ts';
import { DAY_MS } from './dates.ts';
import { COUNTRIES } from './geography.ts';
import { buildNetwork, type LocationKind, type LocationRow } from './locations.ts';
import { expectedUnitsSold, generateOrders, planOrders, type DemoOrder, type OrderLineRow } from './orders.ts';
import { generateShipments, type ShipmentEventRow, type ShipmentRow, type ShipmentStatus } from './shipments.ts';

export type { CustomerRow, ConsentSource, ConsentValue, Tier } from './customers.ts';
export type { Category, LotRow, ProductRow } from './catalogue.ts';
export type { LocationKind, LocationRow } from './locations.ts';
export type { OrderLineRow } from './orders.ts';
export type { ShipmentEventRow, ShipmentRow, ShipmentStatus } from './shipments.ts';
export { INCIDENT as DEMO_DELIVERY_INCIDENT } from './shipments.ts';

export interface DemoDataOptions {
  seed?: number;
  customers?: number;
  /** Number of orders (each has 1–5 lines). */
  orders?: number;
  /** The demo's "today": orders cover the 365 days before it. */
  now?: Date;
}

export interface DemoData {
  customers: CustomerRow[];
  products: ProductRow[];
  lots: LotRow[];
  locations: LocationRow[];
  orderLines(): Iterable<OrderLineRow>;
  shipments(): Iterable<ShipmentRow>;
  shipmentEvents(): Iterable<ShipmentEventRow>;
}

export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const { seed = 42, customers = 2000, orders = 20000, now = new Date('2026-11-01T00:00:00Z') } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(customers) || customers < 1) throw new RangeError(`customers must be a whole number of at least 1, got ${customers}`);
  if (!Number.isSafeInteger(orders) || orders < 0) throw new RangeError(`orders must be a whole number, got ${orders}`);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('now must be a valid date');
  const windowStartMs = nowMs - 365 * DAY_MS;

  const network = buildNetwork(seed, customers);
  const catalogue = buildCatalogue(seed, windowStartMs, nowMs, expectedUnitsSold(orders));
  const markets = buildMarkets(catalogue.products, COUNTRIES.map((c) => c.code));
  const base = buildCustomers(seed, customers, windowStartMs, nowMs, network.stores, markets);
  const plan = planOrders(seed, orders, windowStartMs, nowMs, catalogue.products, markets, network.stores, base.rows, base.shoppers);
  const shipped = () => generateShipments(seed, nowMs, generateOrders(plan));

  return {
    customers: base.rows,
    products: catalogue.productRows,
    lots: catalogue.lotRows,
    locations: network.rows,
    orderLines: () => flatten(generateOrders(plan), (order: DemoOrder) => order.lines),
    shipments: () => flatten(shipped(), (s) => [s.row]),
    shipmentEvents: () => flatten(shipped(), (s) => s.events),
  };
}

function* flatten<T, R>(items: Iterable<T>, parts: (item: T) => readonly R[]): Generator<R> {
  for (const item of items) yield* parts(item);
}

export interface DemoSummary {
  customers: number;
  products: number;
  lots: number;
  locations: Record<LocationKind, number>;
  orders: number;
  onlineOrders: number;
  orderLines: number;
  /** Lines tied to a loyalty customer and carrying a lot: what recall tracing can reach by name. */
  identifiedWithLotShare: number;
  shipments: number;
  shipmentsByStatus: Partial<Record<ShipmentStatus, number>>;
  /** Delivered after the promised day, or not delivered and known to be late (delayed, lost, later estimate). */
  lateOrDelayedShare: number;
  shipmentEvents: number;
}

/** Counts for a banner or a log line. Iterates the big sets once each. */
export function describeDemoData(data: DemoData): DemoSummary {
  const locations: Record<LocationKind, number> = { store: 0, warehouse: 0, distributor: 0, plant: 0 };
  for (const l of data.locations) locations[l.kind]++;
  let orders = 0;
  let onlineOrders = 0;
  let orderLines = 0;
  let identifiedWithLot = 0;
  let lastOrder = '';
  for (const line of data.orderLines()) {
    orderLines++;
    if (line.customer_external_id && line.lot_code) identifiedWithLot++;
    if (line.order_external_id !== lastOrder) {
      lastOrder = line.order_external_id;
      orders++;
      if (line.channel === 'online') onlineOrders++;
    }
  }
  let shipments = 0;
  let late = 0;
  const shipmentsByStatus: Partial<Record<ShipmentStatus, number>> = {};
  for (const s of data.shipments()) {
    shipments++;
    shipmentsByStatus[s.status] = (shipmentsByStatus[s.status] ?? 0) + 1;
    if (isLateOrDelayed(s)) late++;
  }
  let shipmentEvents = 0;
  for (const _event of data.shipmentEvents()) shipmentEvents++;
  return {
    customers: data.customers.length, products: data.products.length, lots: data.lots.length, locations,
    orders, onlineOrders, orderLines, identifiedWithLotShare: orderLines ? identifiedWithLot / orderLines : 0,
    shipments, shipmentsByStatus, lateOrDelayedShare: shipments ? late / shipments : 0, shipmentEvents,
  };
}

export function isLateOrDelayed(s: ShipmentRow): boolean {
  if (s.delivered_at) return s.delivered_at.slice(0, 10) > s.promised_on;
  return s.status === 'delayed' || s.status === 'lost' || s.estimated_delivery_on > s.promised_on;
}

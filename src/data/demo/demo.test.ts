import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidGln, isValidGtin } from '../gs1/index.ts';
import { IMPORTERS, type EntityName } from '../import/entities/index.ts';
import { isBlank, type RawValue } from '../import/fields.ts';
import {
  DEMO_DELIVERY_INCIDENT, describeDemoData, generateDemoData, isLateOrDelayed,
  type DemoData, type OrderLineRow, type ShipmentEventRow, type ShipmentRow,
} from './index.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const COUNTRY_OF_LANGUAGE = { en: ['GB', 'IE', 'US'], ru: ['RU'], uk: ['UA'], sv: ['SE'] };
const CURRENCY_OF_COUNTRY: Record<string, string> = { RU: 'RUB', UA: 'UAH', SE: 'SEK', GB: 'GBP', IE: 'EUR', US: 'USD' };
const ZONE_OF_COUNTRY: Record<string, RegExp> = {
  RU: /^(Europe\/Moscow|Asia\/Yekaterinburg|Asia\/Novosibirsk)$/, UA: /^Europe\/Kyiv$/, SE: /^Europe\/Stockholm$/,
  GB: /^Europe\/London$/, IE: /^Europe\/Dublin$/, US: /^America\//,
};

/** Every row as JSON Lines, hashed: "byte-identical" checked literally. */
function fingerprint(data: DemoData): string {
  const hash = createHash('sha256');
  const sets: Iterable<object>[] = [data.customers, data.products, data.lots, data.locations, data.orderLines(), data.shipments(), data.shipmentEvents()];
  for (const rows of sets) for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

/** The importer's own field parsers and row rules, without a database. */
function importProblems(entity: EntityName, rows: Iterable<object>): string[] {
  const importer = IMPORTERS[entity];
  const problems: string[] = [];
  let line = 0;
  for (const row of rows) {
    line++;
    const record = row as Record<string, RawValue>;
    const values: Record<string, unknown> = {};
    for (const key of Object.keys(record)) if (!(key in importer.fields)) problems.push(`${entity} ${line}: unknown field ${key}`);
    for (const [name, spec] of Object.entries(importer.fields)) {
      const raw = record[name];
      if (isBlank(raw)) {
        if (spec.required) problems.push(`${entity} ${line}: ${name} is required`);
        values[name] = null;
        continue;
      }
      const parsed = spec.parse(raw);
      if (parsed.ok) values[name] = parsed.value;
      else problems.push(`${entity} ${line}: ${name} ${parsed.message}`);
    }
    const check = importer.checkRow as ((v: Record<string, unknown>) => { field: string; message: string }[]) | undefined;
    for (const e of check?.(values) ?? []) problems.push(`${entity} ${line}: ${e.field} ${e.message}`);
    if (problems.length > 20) break;
  }
  return problems;
}

describe('demo data generator', () => {
  let data: DemoData;
  let lines: OrderLineRow[];
  let shipments: ShipmentRow[];
  let events: ShipmentEventRow[];

  beforeAll(() => {
    data = generateDemoData({ now: NOW });
    lines = [...data.orderLines()];
    shipments = [...data.shipments()];
    events = [...data.shipmentEvents()];
  });

  describe('determinism', () => {
    it('gives byte-identical rows for the same options, and different rows for another seed', () => {
      const again = generateDemoData({ seed: 42, now: NOW });
      expect(again.customers).toEqual(data.customers);
      expect(again.lots).toEqual(data.lots);
      expect(fingerprint(again)).toBe(fingerprint(data));
      const other = generateDemoData({ seed: 43, now: NOW });
      expect(other.customers).not.toEqual(data.customers);
      expect(fingerprint(other)).not.toBe(fingerprint(data));
    });

    it('regenerates the same lines each time the iterable is walked', () => {
      expect([...data.orderLines()]).toEqual(lines);
    });

    it('is lazy: the first lines of a million orders come at once', () => {
      const big = generateDemoData({ customers: 5000, orders: 1_000_000, now: NOW });
      const started = performance.now();
      const first: OrderLineRow[] = [];
      for (const line of big.orderLines()) if (first.push(line) === 100) break;
      expect(first).toHaveLength(100);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  describe('rows the importers accept', () => {
    it.each([
      ['customers', () => data.customers],
      ['products', () => data.products],
      ['lots', () => data.lots],
      ['locations', () => data.locations],
      ['order-lines', () => lines],
      ['shipments', () => shipments],
      ['shipment-events', () => events],
    ] as const)('%s pass field validation', (entity, rows) => {
      expect(importProblems(entity, rows())).toEqual([]);
    });
  });

  describe('catalogue and locations', () => {
    it('has ~40 products with distinct GTINs and valid check digits, from test or brand-country prefixes', () => {
      expect(data.products.length).toBeGreaterThanOrEqual(35);
      expect(data.products.length).toBeLessThanOrEqual(50);
      expect(new Set(data.products.map((p) => p.gtin)).size).toBe(data.products.length);
      expect(new Set(data.products.map((p) => p.sku)).size).toBe(data.products.length);
      for (const p of data.products) {
        expect(p.gtin).toMatch(/^(0950600|0460|0482|0735|0501)\d+$/);
        expect(p.gtin).toHaveLength(14);
        expect(isValidGtin(p.gtin), p.gtin).toBe(true);
      }
    });

    it('gives every location a distinct, valid GLN and the expected mix of kinds', () => {
      expect(new Set(data.locations.map((l) => l.gln)).size).toBe(data.locations.length);
      for (const l of data.locations) expect(isValidGln(l.gln), l.gln).toBe(true);
      const summary = describeDemoData(data);
      expect(summary.locations.store).toBeGreaterThanOrEqual(60);
      expect(summary.locations.store).toBeLessThanOrEqual(120);
      expect(summary.locations).toMatchObject({ warehouse: 2, plant: 2 });
      expect(summary.locations.distributor).toBeGreaterThanOrEqual(2);
      expect(new Set(data.locations.filter((l) => l.kind === 'store').map((l) => l.chain)).size).toBeGreaterThanOrEqual(4);
      for (const l of data.locations) expect(l.email).toMatch(/^ops@[a-z-]+\.example$/);
    });

    it('has several lots per product, unique per product, with dairy kept 10–21 days', () => {
      const dairy = new Set(data.products.filter((p) => p.category === 'dairy').map((p) => p.gtin));
      const perProduct = new Map<string, Set<string>>();
      for (const lot of data.lots) {
        const codes = perProduct.get(lot.gtin) ?? new Set();
        expect(codes.has(lot.lot_code), `${lot.gtin} ${lot.lot_code}`).toBe(false);
        codes.add(lot.lot_code);
        perProduct.set(lot.gtin, codes);
        expect(lot.lot_code).toMatch(/^L\d{4}-\d{4}$/);
        expect(lot.produced_on < NOW.toISOString().slice(0, 10)).toBe(true);
        if (dairy.has(lot.gtin)) {
          const days = (Date.parse(lot.expires_on) - Date.parse(lot.produced_on)) / 86_400_000;
          expect(days).toBeGreaterThanOrEqual(10);
          expect(days).toBeLessThanOrEqual(21);
        }
      }
      for (const p of data.products) expect(perProduct.get(p.gtin)?.size ?? 0).toBeGreaterThanOrEqual(4);
    });
  });

  describe('customers', () => {
    it('match language, country, time zone and currency area, with the requested mix', () => {
      expect(data.customers).toHaveLength(2000);
      const byLanguage: Record<string, number> = {};
      const byTier: Record<string, number> = {};
      for (const c of data.customers) {
        expect(COUNTRY_OF_LANGUAGE[c.language]).toContain(c.country);
        expect(c.time_zone).toMatch(ZONE_OF_COUNTRY[c.country]!);
        byLanguage[c.language] = (byLanguage[c.language] ?? 0) + 1;
        byTier[c.tier] = (byTier[c.tier] ?? 0) + 1;
      }
      const share = (n = 0) => n / data.customers.length;
      expect(share(byLanguage.en)).toBeCloseTo(0.35, 1);
      expect(share(byLanguage.ru)).toBeCloseTo(0.25, 1);
      expect(share(byLanguage.uk)).toBeCloseTo(0.2, 1);
      expect(share(byLanguage.sv)).toBeCloseTo(0.2, 1);
      expect(share(byTier.standard)).toBeCloseTo(0.6, 1);
      expect(share(byTier.vip)).toBeGreaterThan(0.01);
      expect(share(byTier.vip)).toBeLessThan(0.06);
    });

    it('write names in the script of their language, and e-mail only reserved example domains', () => {
      const scripts = { ru: /^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/, uk: /^[А-ЩЬЮЯЄІЇҐ][а-щьюяєіїґ’]+ [А-ЩЬЮЯЄІЇҐ][а-щьюяєіїґ’]+$/, sv: /^[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+$/, en: /^[A-Z][a-z]+ [A-Z][A-Za-z']+$/ };
      for (const c of data.customers) {
        expect(c.name).toMatch(scripts[c.language]);
        if (c.email) expect(c.email).toMatch(/^[a-z0-9._]+@([a-z]+\.)?example\.(com|org|net)$/);
      }
      expect(new Set(data.customers.filter((c) => c.email).map((c) => c.email)).size).toBe(data.customers.filter((c) => c.email).length);
    });

    it('mostly consent to e-mail, fewer to SMS, and some withdrew', () => {
      const count = (pred: (c: (typeof data.customers)[number]) => boolean) => data.customers.filter(pred).length / data.customers.length;
      expect(count((c) => c.consent_email === 'true')).toBeGreaterThan(0.6);
      expect(count((c) => c.consent_sms === 'true')).toBeLessThan(count((c) => c.consent_email === 'true'));
      expect(count((c) => c.consent_email === 'false')).toBeGreaterThan(0.03);
      for (const c of data.customers) {
        if (c.consent_recorded_at) expect(c.consent_recorded_at.slice(0, 10) >= c.customer_since).toBe(true);
      }
    });
  });

  describe('order lines', () => {
    it('count the requested orders, 1–5 lines each, in time order within the last 12 months', () => {
      const lineNumbers = new Map<string, number[]>();
      const outOfOrder = lines.filter((line, i) => i > 0 && line.ordered_at < lines[i - 1]!.ordered_at);
      for (const line of lines) lineNumbers.set(line.order_external_id, [...(lineNumbers.get(line.order_external_id) ?? []), line.line_no]);
      expect(outOfOrder).toEqual([]);
      expect(lineNumbers.size).toBe(20000);
      const badOrders = [...lineNumbers].filter(([, numbers]) => numbers.length > 5 || numbers.some((n, i) => n !== i + 1));
      expect(badOrders).toEqual([]);
      expect(Date.parse(lines[0]!.ordered_at)).toBeGreaterThanOrEqual(NOW.getTime() - 365 * 86_400_000);
      expect(Date.parse(lines[lines.length - 1]!.ordered_at)).toBeLessThan(NOW.getTime());
    });

    it('tie about 70 % of lines to a loyalty customer and a lot', () => {
      const share = lines.filter((l) => l.customer_external_id && l.lot_code).length / lines.length;
      expect(share).toBeGreaterThan(0.65);
      expect(share).toBeLessThan(0.75);
      expect(describeDemoData(data).identifiedWithLotShare).toBeCloseTo(share, 10);
    });

    it('reference existing stores, customers, products and lots produced by then and not expired', () => {
      const stores = new Map(data.locations.filter((l) => l.kind === 'store').map((l) => [l.external_id, l]));
      const customers = new Map(data.customers.map((c) => [c.external_id, c]));
      const products = new Map(data.products.map((p) => [p.gtin, p]));
      const lots = new Map(data.lots.map((l) => [`${l.gtin}|${l.lot_code}`, l]));
      const problems: string[] = [];
      let abroad = 0;
      for (const line of lines) {
        const where = `${line.order_external_id}/${line.line_no}`;
        if (!products.has(line.gtin)) problems.push(`${where}: unknown GTIN`);
        const customer = line.customer_external_id ? customers.get(line.customer_external_id) : undefined;
        if (line.customer_external_id && !customer) problems.push(`${where}: unknown customer`);
        if (line.channel === 'store') {
          const store = stores.get(line.location_external_id);
          if (!store) problems.push(`${where}: no store ${line.location_external_id}`);
          else if (line.currency !== CURRENCY_OF_COUNTRY[store.country]) problems.push(`${where}: ${line.currency} in ${store.country}`);
          if (customer && store && customer.country !== store.country) abroad++;
        } else {
          if (line.location_external_id !== '') problems.push(`${where}: online line with a location`);
          if (customer && line.currency !== CURRENCY_OF_COUNTRY[customer.country]) problems.push(`${where}: ${line.currency} for ${customer.country}`);
        }
        if (line.lot_code) {
          const lot = lots.get(`${line.gtin}|${line.lot_code}`);
          const orderDate = line.ordered_at.slice(0, 10);
          if (!lot) problems.push(`${where}: no lot ${line.lot_code}`);
          else if (lot.produced_on > orderDate) problems.push(`${where}: lot produced ${lot.produced_on} after ${orderDate}`);
          else if (lot.expires_on && lot.expires_on < orderDate) problems.push(`${where}: lot expired ${lot.expires_on}`);
        }
      }
      expect(problems.slice(0, 10)).toEqual([]);
      expect(abroad / lines.filter((l) => l.channel === 'store' && l.customer_external_id).length).toBeLessThan(0.05);
    });

    it('sell no lot beyond what it produced', () => {
      const sold = new Map<string, number>();
      for (const l of lines) if (l.lot_code) sold.set(`${l.gtin}|${l.lot_code}`, (sold.get(`${l.gtin}|${l.lot_code}`) ?? 0) + l.quantity);
      expect(data.lots.filter((lot) => (sold.get(`${lot.gtin}|${lot.lot_code}`) ?? 0) > lot.quantity_produced)).toEqual([]);
    });

    it('give serialised electronics one unit and a unique serial per line, and nothing else a serial', () => {
      const electronics = new Set(data.products.filter((p) => p.category === 'electronics').map((p) => p.gtin));
      const serialised = lines.filter((l) => electronics.has(l.gtin));
      expect(serialised.length).toBeGreaterThan(0);
      expect(serialised.filter((l) => !/^[A-Z0-9]{6,20}$/.test(l.serial) || l.quantity !== 1)).toEqual([]);
      expect(new Set(serialised.map((l) => l.serial)).size).toBe(serialised.length);
      expect(lines.filter((l) => !electronics.has(l.gtin) && l.serial !== '')).toEqual([]);
    });

    it('bring regular customers back', () => {
      const ordersPerCustomer = new Map<string, Set<string>>();
      for (const l of lines) {
        if (!l.customer_external_id) continue;
        const set = ordersPerCustomer.get(l.customer_external_id) ?? new Set();
        ordersPerCustomer.set(l.customer_external_id, set.add(l.order_external_id));
      }
      const counts = [...ordersPerCustomer.values()].map((orders) => orders.size);
      const identifiedOrders = counts.reduce((a, b) => a + b, 0);
      expect(counts.filter((n) => n >= 2).length / data.customers.length).toBeGreaterThan(0.7);
      // Most loyalty orders come from customers who shop at least every other month.
      expect(counts.filter((n) => n >= 6).reduce((a, b) => a + b, 0) / identifiedOrders).toBeGreaterThan(0.75);
    });
  });

  describe('shipments', () => {
    it('ship online orders only, about one parcel per order', () => {
      const online = new Set(lines.filter((l) => l.channel === 'online').map((l) => l.order_external_id));
      for (const s of shipments) expect(online.has(s.order_external_id)).toBe(true);
      expect(new Set(shipments.map((s) => s.order_external_id)).size).toBe(online.size);
      expect(shipments.length / online.size).toBeLessThan(1.15);
      expect(new Set(shipments.map((s) => s.external_id)).size).toBe(shipments.length);
      expect(new Set(shipments.map((s) => s.tracking_number)).size).toBe(shipments.length);
    });

    it('tell a consistent story: ordered events, the last one is the status, up to now', () => {
      const trail = new Map<string, ShipmentEventRow[]>();
      for (const e of events) {
        const history = trail.get(e.shipment_external_id) ?? [];
        history.push(e);
        trail.set(e.shipment_external_id, history);
      }
      const problems: string[] = [];
      for (const s of shipments) {
        const history = trail.get(s.external_id) ?? [];
        const times = history.map((e) => Date.parse(e.occurred_at));
        if (history[0]?.status !== 'pending') problems.push(`${s.external_id}: does not start pending`);
        if (history.at(-1)?.status !== s.status) problems.push(`${s.external_id}: last event is not ${s.status}`);
        if (times.some((t, i) => i > 0 && t <= times[i - 1]!)) problems.push(`${s.external_id}: events out of order`);
        if (times.some((t) => t > NOW.getTime())) problems.push(`${s.external_id}: event after now`);
        if ((s.status === 'delivered') !== (s.delivered_at !== '')) problems.push(`${s.external_id}: delivered_at vs status`);
      }
      expect(trail.size).toBe(shipments.length);
      expect(problems.slice(0, 10)).toEqual([]);
    });

    it('run about 8 % late, concentrated on one carrier in one recent week', () => {
      const late = shipments.filter(isLateOrDelayed);
      expect(late.length / shipments.length).toBeGreaterThan(0.06);
      expect(late.length / shipments.length).toBeLessThan(0.1);
      const clusters = new Map<string, number>();
      for (const s of late) {
        const week = Math.floor((NOW.getTime() - Date.parse(s.promised_on)) / (7 * 86_400_000));
        clusters.set(`${s.carrier} ${week}`, (clusters.get(`${s.carrier} ${week}`) ?? 0) + 1);
      }
      const [worst, second] = [...clusters].sort((a, b) => b[1] - a[1]);
      expect(worst![0].startsWith(DEMO_DELIVERY_INCIDENT.carrier)).toBe(true);
      expect(worst![1]).toBeGreaterThan(2 * second![1]);
      expect(shipments.some((s) => s.carrier === DEMO_DELIVERY_INCIDENT.carrier && s.status === 'delayed')).toBe(true);
    });
  });

  it('describes its counts', () => {
    const summary = describeDemoData(data);
    expect(summary).toMatchObject({
      customers: 2000, products: data.products.length, lots: data.lots.length, orders: 20000,
      orderLines: lines.length, shipments: shipments.length, shipmentEvents: events.length,
    });
    expect(summary.onlineOrders).toBe(new Set(shipments.map((s) => s.order_external_id)).size);
  });
});

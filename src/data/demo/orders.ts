/**
 * A year of purchases, generated lazily in time order: store and online orders, loyalty
 * customers who come back to their own store for their usual products, and tills that
 * capture the lot (GS1 DataMatrix) on most lines.
 */
import { shelfPriceMinor, type Market, type Product } from './catalogue.ts';
import type { CustomerRow, Shopper } from './customers.ts';
import { DAY_MS, HOUR_MS, isoTimestamp, startOfUtcDay } from './dates.ts';
import { COUNTRIES, countryOf, type CountryCode } from './geography.ts';
import type { Store } from './locations.ts';
import { AliasTable, Rng, deriveSeed } from './prng.ts';

export type OrderLineRow = {
  order_external_id: string;
  ordered_at: string;
  channel: 'store' | 'online';
  location_external_id: string;
  customer_external_id: string;
  line_no: number;
  gtin: string;
  lot_code: string;
  serial: string;
  quantity: number;
  unit_price_minor: number;
  currency: string;
};

/** One order with what shipping needs to know about it. */
export interface DemoOrder {
  index: number;
  externalId: string;
  orderedMs: number;
  channel: 'store' | 'online';
  /** Index into the customers, or -1 for an anonymous sale or a guest checkout. */
  customer: number;
  country: CountryCode;
  region: string;
  city: string;
  lines: OrderLineRow[];
}

const ONLINE_SHARE = 0.17;
const ANONYMOUS_STORE_SHARE = 0.23;
const GUEST_CHECKOUT_SHARE = 0.04;
const ONLINE_LOT_CAPTURE = 0.97; // the warehouse scans every pick
const PROMO_SHARE = 0.07;
const FAVOURITE_SHARE = 0.35;
const STORE_LINES = [30, 25, 20, 15, 10];
const ONLINE_LINES = [12, 20, 26, 22, 20];
// Relative traffic per UTC hour (Europe mostly; online runs late into the evening).
const STORE_BY_HOUR = [0, 0, 0, 0, 0, 0.3, 0.8, 1.2, 1.5, 1.8, 2, 2.1, 2, 2.1, 2.3, 2.6, 2.8, 2.6, 2, 1.2, 0.5, 0.1, 0, 0];
const ONLINE_BY_HOUR = [0.35, 0.25, 0.2, 0.15, 0.1, 0.1, 0.15, 0.25, 0.35, 0.4, 0.45, 0.45, 0.45, 0.45, 0.45, 0.5, 0.55, 0.6, 0.7, 0.75, 0.7, 0.6, 0.5, 0.4];
const WEEKDAY = [1.05, 0.92, 0.92, 0.95, 1, 1.15, 1.25]; // Sunday first, as getUTCDay counts
/**
 * The web shop's autumn sale, 18 to 11 days before `now`: online orders run at 2.5 times the
 * usual rate, and one carrier does not keep up (see INCIDENT in shipments.ts).
 */
export const ONLINE_SALE = { startsDaysBeforeNow: 18, endsDaysBeforeNow: 11, onlineBoost: 2.5 };

/** Mean lines per order and units per line, used to size production lots. */
export function expectedUnitsSold(orders: number) {
  const meanLines = 2.7;
  return (product: Product, all: readonly Product[]): number => {
    let share = 0;
    for (const country of COUNTRIES) {
      if (!product.markets.has(country.code)) continue;
      const stocked = all.filter((p) => p.markets.has(country.code)).reduce((sum, p) => sum + p.popularity, 0);
      share += (country.customerShare * product.popularity) / stocked;
    }
    return orders * meanLines * share * (product.serialPrefix ? 1 : 1.5);
  };
}

export interface OrderPlan {
  seed: number;
  orders: number;
  windowStartMs: number;
  nowMs: number;
  products: readonly Product[];
  markets: ReadonlyMap<CountryCode, Market>;
  stores: readonly Store[];
  customers: readonly CustomerRow[];
  shoppers: readonly Shopper[];
  /** Cumulative traffic per hour of the window, and the online share of each hour. */
  cumulative: Float64Array;
  onlineShare: Float64Array;
  storeShoppers: AliasTable;
  onlineShoppers: AliasTable;
  storesBySize: AliasTable;
  storesByCountry: Map<CountryCode, { stores: number[]; table: AliasTable }>;
  /** Shelf prices by product: per store (its chain and country), per online country; normal and on promotion. */
  storePrices: { normal: Int32Array; promo: Int32Array }[];
  onlinePrices: Map<CountryCode, { normal: Int32Array; promo: Int32Array }>;
}

export function planOrders(
  seed: number, orders: number, windowStartMs: number, nowMs: number, products: readonly Product[], markets: ReadonlyMap<CountryCode, Market>,
  stores: readonly Store[], customers: readonly CustomerRow[], shoppers: readonly Shopper[],
): OrderPlan {
  const hours = Math.ceil((nowMs - windowStartMs) / HOUR_MS);
  const storeTotal = STORE_BY_HOUR.reduce((a, b) => a + b, 0);
  const onlineTotal = ONLINE_BY_HOUR.reduce((a, b) => a + b, 0);
  const onlineScale = (ONLINE_SHARE / (1 - ONLINE_SHARE)) * (storeTotal / onlineTotal);
  const cumulative = new Float64Array(hours);
  const onlineShare = new Float64Array(hours);
  const saleStartMs = startOfUtcDay(nowMs) - ONLINE_SALE.startsDaysBeforeNow * DAY_MS;
  const saleEndMs = startOfUtcDay(nowMs) - ONLINE_SALE.endsDaysBeforeNow * DAY_MS;
  let running = 0;
  for (let h = 0; h < hours; h++) {
    const startMs = windowStartMs + h * HOUR_MS;
    const day = new Date(startMs);
    const hourOfDay = day.getUTCHours();
    const factor = WEEKDAY[day.getUTCDay()]! * season(day) * (0.92 + (0.16 * h) / hours) * Math.min(1, (nowMs - startMs) / HOUR_MS);
    const store = STORE_BY_HOUR[hourOfDay]! * factor;
    const sale = startMs >= saleStartMs && startMs < saleEndMs ? ONLINE_SALE.onlineBoost : 1;
    const online = ONLINE_BY_HOUR[hourOfDay]! * onlineScale * factor * sale;
    running += store + online;
    cumulative[h] = running;
    onlineShare[h] = online / (store + online);
  }
  const priceTable = (currency: string, factor: number) => ({
    normal: Int32Array.from(products, (p) => shelfPriceMinor(p.priceEur, currency, factor)),
    promo: Int32Array.from(products, (p) => shelfPriceMinor(p.priceEur, currency, factor * 0.8)),
  });
  const chainPrices = new Map<string, { normal: Int32Array; promo: Int32Array }>();
  const storePrices = stores.map((s) => {
    const key = `${s.chain.slug}|${s.country}`;
    if (!chainPrices.has(key)) chainPrices.set(key, priceTable(countryOf(s.country).currency, s.chain.priceFactor));
    return chainPrices.get(key)!;
  });
  const storesByCountry = new Map<CountryCode, { stores: number[]; table: AliasTable }>();
  for (const country of COUNTRIES) {
    const local = stores.filter((s) => s.country === country.code);
    if (local.length) storesByCountry.set(country.code, { stores: local.map((s) => s.index), table: new AliasTable(local.map((s) => s.size)) });
  }
  return {
    seed, orders, windowStartMs, nowMs, products, markets, stores, customers, shoppers, cumulative, onlineShare,
    storeShoppers: new AliasTable(shoppers.map((s) => s.activity * (1 - s.onlineShare) + 1e-9)),
    onlineShoppers: new AliasTable(shoppers.map((s) => s.activity * s.onlineShare + 1e-9)),
    storesBySize: new AliasTable(stores.map((s) => s.size)),
    storesByCountry, storePrices,
    onlinePrices: new Map(COUNTRIES.map((c) => [c.code, priceTable(c.currency, 1)])),
  };
}

/** More shopping before Christmas and New Year, less in January and high summer. */
function season(day: Date): number {
  const month = day.getUTCMonth();
  if (month === 11) return day.getUTCDate() >= 15 ? 1.35 : 1.15;
  if (month === 0) return 0.88;
  if (month === 6 || month === 7) return 0.93;
  return 1;
}

/**
 * Orders in time order. Each call starts again from the seed, so iterating twice gives the
 * same orders; nothing is kept between orders except per-product cursors and serial counters.
 */
export function* generateOrders(plan: OrderPlan): Generator<DemoOrder> {
  const rng = new Rng(deriveSeed(plan.seed, 'orders'));
  const { cumulative, products, stores, shoppers, customers } = plan;
  const total = cumulative[cumulative.length - 1] ?? 0;
  const lotCursor = new Int32Array(products.length).fill(-1);
  const serials = new Int32Array(products.length);
  const picked = new Set<number>();
  let hour = 0;
  for (let i = 0; i < plan.orders; i++) {
    // Stratified draw through the traffic curve: times rise with i, so orders come out sorted.
    const u = ((i + rng.next()) / plan.orders) * total;
    while (hour < cumulative.length - 1 && cumulative[hour]! <= u) hour++;
    const before = hour > 0 ? cumulative[hour - 1]! : 0;
    const within = (u - before) / (cumulative[hour]! - before || 1);
    const orderedMs = Math.min(plan.nowMs - 1000, Math.floor((plan.windowStartMs + (hour + within) * HOUR_MS) / 1000) * 1000);
    const channel = rng.chance(plan.onlineShare[hour]!) ? 'online' : 'store';

    const customer = channel === 'store'
      ? (rng.chance(ANONYMOUS_STORE_SHARE) ? -1 : activeShopper(plan.storeShoppers, shoppers, orderedMs, rng))
      : (rng.chance(GUEST_CHECKOUT_SHARE) ? -1 : activeShopper(plan.onlineShoppers, shoppers, orderedMs, rng));
    const shopper = customer >= 0 ? shoppers[customer]! : null;
    let store: Store | null = null;
    let country: CountryCode;
    let region: string;
    let city: string;
    if (channel === 'store') {
      store = stores[shopper ? chooseStore(plan, shopper, rng) : plan.storesBySize.sample(rng)]!;
      ({ country, region, city } = store);
    } else if (shopper) {
      ({ country, city } = shopper);
      region = customers[customer]!.region;
    } else {
      const guestCountry = COUNTRIES[rng.weighted(COUNTRIES.map((c) => c.customerShare))]!;
      const guestRegion = guestCountry.regions[rng.weighted(guestCountry.regions.map((r) => r.weight))]!;
      country = guestCountry.code;
      region = guestRegion.name;
      city = guestRegion.cities[rng.weighted(guestRegion.cities.map((c) => c.weight))]!.name;
    }
    const market = plan.markets.get(country)!;
    const prices = store ? plan.storePrices[store.index]! : plan.onlinePrices.get(country)!;
    const lotCapture = store ? store.chain.lotCaptureRate : ONLINE_LOT_CAPTURE;
    const currency = countryOf(country).currency;
    const externalId = `O${String(i + 1).padStart(7, '0')}`;
    const orderedAt = isoTimestamp(orderedMs);
    const lineCount = rng.weighted(channel === 'store' ? STORE_LINES : ONLINE_LINES) + 1;
    const lines: OrderLineRow[] = [];
    picked.clear();
    for (let n = 0; n < lineCount; n++) {
      const productIndex = chooseProduct(market, shopper, picked, rng);
      if (productIndex < 0) continue;
      picked.add(productIndex);
      const product = products[productIndex]!;
      const promo = rng.chance(PROMO_SHARE);
      lines.push({
        order_external_id: externalId,
        ordered_at: orderedAt,
        channel,
        location_external_id: store ? store.row.external_id : '',
        customer_external_id: customer >= 0 ? customers[customer]!.external_id : '',
        line_no: lines.length + 1,
        gtin: product.row.gtin,
        lot_code: rng.chance(lotCapture) ? lotOnShelf(product, orderedMs, lotCursor, rng) : '',
        serial: product.serialPrefix ? `${product.serialPrefix}${String(++serials[productIndex]!).padStart(9, '0')}` : '',
        quantity: quantity(product, rng),
        unit_price_minor: (promo ? prices.promo : prices.normal)[productIndex]!,
        currency,
      });
    }
    yield { index: i, externalId, orderedMs, channel, customer, country, region, city, lines };
  }
}

/** A loyalty customer drawn by how much they shop, who was a member and still shopping at that time. */
function activeShopper(table: AliasTable, shoppers: readonly Shopper[], atMs: number, rng: Rng): number {
  for (let attempt = 0; attempt < 8; attempt++) {
    const index = table.sample(rng);
    const s = shoppers[index]!;
    if (s.activeFromMs <= atMs && atMs < s.activeUntilMs) return index;
  }
  return -1;
}

/** Mostly their own store, sometimes another nearby, rarely one while travelling. */
function chooseStore(plan: OrderPlan, shopper: Shopper, rng: Rng): number {
  const r = rng.next();
  if (r < 0.75 && shopper.homeStore >= 0) return shopper.homeStore;
  if (r < 0.9 && shopper.secondStore >= 0) return shopper.secondStore;
  const local = plan.storesByCountry.get(shopper.country);
  if (r < 0.98 && local) return local.stores[local.table.sample(rng)]!;
  return plan.storesBySize.sample(rng);
}

function chooseProduct(market: Market, shopper: Shopper | null, picked: ReadonlySet<number>, rng: Rng): number {
  for (let attempt = 0; attempt < 6; attempt++) {
    let index = -1;
    if (shopper && shopper.favourites.length > 0 && rng.chance(FAVOURITE_SHARE)) {
      const favourite = rng.pick(shopper.favourites);
      if (market.stocks[favourite]! >= 0) index = favourite;
    }
    if (index < 0) index = market.products[market.table.sample(rng)]!;
    if (!picked.has(index)) return index;
  }
  return -1;
}

function quantity(product: Product, rng: Rng): number {
  if (product.maxQuantity === 1) return 1;
  const r = rng.next();
  if (r < 0.68) return 1;
  if (r < 0.9 || product.maxQuantity === 2) return 2;
  return rng.int(3, product.maxQuantity);
}

/**
 * The lot a shopper takes off the shelf: usually the newest delivered, sometimes an older
 * one still in date (shelves are not perfectly rotated). Empty when none is on the shelf.
 */
function lotOnShelf(product: Product, atMs: number, cursor: Int32Array, rng: Rng): string {
  const lots = product.lots;
  let k = cursor[product.index]!;
  while (k + 1 < lots.length && lots[k + 1]!.onShelfMs <= atMs) k++;
  cursor[product.index] = k;
  if (k < 0 || lots[k]!.expiresMs < atMs) return '';
  for (let back = 0; back < 3 && k > 0 && lots[k - 1]!.expiresMs >= atMs && rng.chance(0.35); back++) k--;
  return lots[k]!.code;
}

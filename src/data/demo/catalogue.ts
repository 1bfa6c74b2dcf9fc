/**
 * The product catalogue of a dairy and consumer-goods group and the retailers that stock it,
 * and the production lots behind every sale.
 */
import { gs1Mod10CheckDigit } from '../gs1/check-digit.ts';
import { DAY_MS, isoDate, startOfUtcDay } from './dates.ts';
import type { CountryCode } from './geography.ts';
import { AliasTable, Rng, deriveSeed } from './prng.ts';

export type Category = 'dairy' | 'baby-food' | 'beverages' | 'snacks' | 'household' | 'electronics';

export type ProductRow = {
  gtin: string;
  sku: string;
  name: string;
  brand: string;
  category: Category;
};

export type LotRow = {
  gtin: string;
  lot_code: string;
  produced_on: string;
  expires_on: string;
  quantity_produced: number;
};

export interface Lot {
  code: string;
  producedMs: number;
  /** First day a unit of the lot can be on a shelf (after distribution). */
  onShelfMs: number;
  /** End of the expiry day; Infinity for products without an expiry date. */
  expiresMs: number;
}

export interface Product {
  row: ProductRow;
  index: number;
  priceEur: number;
  popularity: number;
  markets: ReadonlySet<CountryCode>;
  maxQuantity: number;
  /** Set for serialised electronics: each unit sold carries a unique serial. */
  serialPrefix: string | null;
  /** Sorted by production date. */
  lots: Lot[];
}

interface Brand {
  name: string;
  /** The first digits of the GTIN-14 (a leading 0, the GS1 prefix, an invented company number). */
  gtinPrefix: string;
  /** The digit of the plant that makes it, printed in lot codes. */
  plant: number;
}

const ZORKA: Brand = { name: 'Zorka', gtinPrefix: '0460712345', plant: 1 };
const ANGSGARD: Brand = { name: 'Ängsgård', gtinPrefix: '0735004321', plant: 2 };
const RIDNE_POLE: Brand = { name: 'Ridne Pole', gtinPrefix: '0482051234', plant: 3 };
const MEADOWCROFT: Brand = { name: 'Meadowcroft', gtinPrefix: '0501234567', plant: 4 };
const LITTLE_ACORN: Brand = { name: 'Little Acorn', gtinPrefix: '0501987650', plant: 5 };
const SOLNYSHKO: Brand = { name: 'Solnyshko', gtinPrefix: '0460798760', plant: 6 };
const DUBRAVA: Brand = { name: 'Dubrava', gtinPrefix: '0460755500', plant: 7 };
// GS1 test prefix 950600: GTINs that can never belong to a real product.
const NORTHBROOK: Brand = { name: 'Northbrook', gtinPrefix: '0950600013', plant: 8 };
const CRUNCHWOOD: Brand = { name: 'Crunchwood', gtinPrefix: '0501555111', plant: 9 };
const SMAKOLYK: Brand = { name: 'Smakolyk', gtinPrefix: '0482066611', plant: 4 };
const BRIGHTWELL: Brand = { name: 'Brightwell', gtinPrefix: '0950600027', plant: 5 };
const VOLTIQ: Brand = { name: 'Voltiq', gtinPrefix: '0950600041', plant: 6 };

const ALL: CountryCode[] = ['RU', 'UA', 'SE', 'GB', 'IE', 'US'];
const WEST: CountryCode[] = ['SE', 'GB', 'IE', 'US'];
const BABY: CountryCode[] = ['GB', 'IE', 'US', 'SE', 'UA'];

/** [brand, sku, name, category, shelf life in days (0 = none), price in EUR, popularity, markets, max quantity, serial prefix] */
type Spec = [Brand, string, string, Category, number, number, number, CountryCode[], number, string?];

const SPECS: Spec[] = [
  [ZORKA, 'ZRK-KEF25-900', 'Kefir 2.5% 900 g', 'dairy', 14, 1.1, 10, ['RU'], 3],
  [ZORKA, 'ZRK-KEF1-450', 'Kefir 1% 450 g', 'dairy', 14, 0.7, 5, ['RU'], 3],
  [ZORKA, 'ZRK-MLK32-1L', 'Milk 3.2% 1 L', 'dairy', 10, 1.2, 10, ['RU'], 3],
  [ZORKA, 'ZRK-MLK25-930', 'Milk 2.5% 930 ml', 'dairy', 10, 1.0, 8, ['RU'], 3],
  [ZORKA, 'ZRK-RYA4-500', 'Ryazhenka 4% 500 g', 'dairy', 14, 0.9, 4, ['RU'], 2],
  [ZORKA, 'ZRK-TVO5-200', 'Cottage Cheese 5% 200 g', 'dairy', 14, 1.3, 7, ['RU'], 3],
  [ZORKA, 'ZRK-TVO9-180', 'Cottage Cheese 9% 180 g', 'dairy', 14, 1.4, 4, ['RU'], 2],
  [ZORKA, 'ZRK-SMT20-300', 'Sour Cream 20% 300 g', 'dairy', 21, 1.2, 6, ['RU'], 2],
  [ZORKA, 'ZRK-YOG-STR-270', 'Drinking Yoghurt Strawberry 270 g', 'dairy', 21, 0.8, 5, ['RU'], 4],
  [ANGSGARD, 'ANG-FIL3-1L', 'Filmjölk 3% 1 L', 'dairy', 14, 1.6, 8, ['SE'], 2],
  [ANGSGARD, 'ANG-MLK15-1L', 'Mellanmjölk 1.5% 1 L', 'dairy', 10, 1.3, 10, ['SE'], 3],
  [ANGSGARD, 'ANG-LFMLK-1L', 'Lactose-Free Milk 1.5% 1 L', 'dairy', 21, 1.9, 4, ['SE', 'GB'], 2],
  [ANGSGARD, 'ANG-GRK10-1KG', 'Greek Yoghurt 10% 1 kg', 'dairy', 21, 3.9, 5, ['SE', 'GB'], 2],
  [ANGSGARD, 'ANG-YOG-VAN-1KG', 'Vanilla Yoghurt 1 kg', 'dairy', 21, 2.9, 5, ['SE'], 2],
  [ANGSGARD, 'ANG-COT4-250', 'Cottage Cheese 4% 250 g', 'dairy', 18, 2.2, 4, ['SE'], 2],
  [ANGSGARD, 'ANG-OAT-1L', 'Oat Drink Barista 1 L', 'beverages', 270, 2.3, 5, ['SE', 'GB', 'IE'], 3],
  [RIDNE_POLE, 'RPL-KEF25-900', 'Kefir 2.5% 900 g', 'dairy', 14, 0.9, 9, ['UA'], 3],
  [RIDNE_POLE, 'RPL-MLK25-900', 'Milk 2.5% 900 g', 'dairy', 10, 0.85, 10, ['UA'], 3],
  [RIDNE_POLE, 'RPL-TVO9-350', 'Cottage Cheese 9% 350 g', 'dairy', 14, 1.9, 5, ['UA'], 2],
  [RIDNE_POLE, 'RPL-SMT15-350', 'Sour Cream 15% 350 g', 'dairy', 21, 1.1, 5, ['UA'], 2],
  [MEADOWCROFT, 'MDC-SSMLK-2PT', 'Semi-Skimmed Milk 2 pints', 'dairy', 10, 1.4, 10, ['GB', 'IE'], 2],
  [MEADOWCROFT, 'MDC-NATYOG-500', 'Natural Yoghurt 500 g', 'dairy', 18, 1.3, 6, ['GB', 'IE'], 2],
  [LITTLE_ACORN, 'LAC-PUR-APP-90', 'Apple & Pear Purée Pouch 90 g', 'baby-food', 365, 1.1, 4, BABY, 6],
  [LITTLE_ACORN, 'LAC-PUR-CAR-120', 'Carrot & Sweet Potato Purée 120 g', 'baby-food', 540, 1.2, 3, BABY, 6],
  [LITTLE_ACORN, 'LAC-FORM1-800', 'First Infant Milk Stage 1 800 g', 'baby-food', 720, 14.9, 2, BABY, 2],
  [SOLNYSHKO, 'SOL-CER-BUCK-200', 'Buckwheat Infant Cereal 200 g', 'baby-food', 365, 1.8, 3, ['RU'], 3],
  [SOLNYSHKO, 'SOL-PUR-APP-100', 'Apple Purée 100 g', 'baby-food', 365, 0.6, 4, ['RU'], 6],
  [SOLNYSHKO, 'SOL-FORM1-400', 'Infant Formula 1 400 g', 'baby-food', 540, 7.9, 2, ['RU'], 2],
  [DUBRAVA, 'DUB-KVS-1500', 'Bread Kvass 1.5 L', 'beverages', 180, 1.0, 5, ['RU'], 2],
  [NORTHBROOK, 'NBK-WAT-SPK-500', 'Sparkling Mineral Water 0.5 L', 'beverages', 365, 0.7, 6, ALL, 6],
  [NORTHBROOK, 'NBK-JCE-APP-1L', 'Apple Juice 1 L', 'beverages', 365, 1.6, 5, ALL, 3],
  [NORTHBROOK, 'NBK-TEA-ICE-500', 'Iced Tea Lemon 0.5 L', 'beverages', 270, 1.2, 4, ALL, 4],
  [CRUNCHWOOD, 'CRW-CRS-SLT-150', 'Sea Salt Crisps 150 g', 'snacks', 240, 1.9, 5, WEST, 3],
  [CRUNCHWOOD, 'CRW-BSC-OAT-300', 'Oat Biscuits 300 g', 'snacks', 270, 2.1, 4, WEST, 3],
  [CRUNCHWOOD, 'CRW-PNT-200', 'Salted Peanuts 200 g', 'snacks', 300, 1.7, 3, WEST, 3],
  [CRUNCHWOOD, 'CRW-BAR-HON-4X35', 'Honey Granola Bars 4 × 35 g', 'snacks', 270, 2.4, 3, ALL, 3],
  [SMAKOLYK, 'SMK-SEED-100', 'Roasted Sunflower Seeds 100 g', 'snacks', 270, 0.6, 5, ['UA'], 4],
  [BRIGHTWELL, 'BRW-DISH-LEM-500', 'Dishwashing Liquid Lemon 500 ml', 'household', 1095, 1.9, 3, ALL, 2],
  [BRIGHTWELL, 'BRW-LAUN-CAP-30', 'Laundry Capsules 30 pcs', 'household', 730, 8.9, 2, ALL, 2],
  [BRIGHTWELL, 'BRW-SURF-750', 'Multi-Surface Cleaner 750 ml', 'household', 1095, 2.6, 2, ALL, 2],
  [VOLTIQ, 'VLQ-KTL-17', 'Electric Kettle 1.7 L', 'electronics', 0, 29.9, 0.35, ALL, 1, 'VQK17'],
  [VOLTIQ, 'VLQ-CHG-65W', 'USB-C Charger 65 W', 'electronics', 0, 24.9, 0.5, ALL, 1, 'VQC65'],
  [VOLTIQ, 'VLQ-PWB-10K', 'Power Bank 10000 mAh', 'electronics', 0, 19.9, 0.45, ALL, 1, 'VQP10'],
  [VOLTIQ, 'VLQ-BLN-800', 'Hand Blender 800 W', 'electronics', 0, 39.9, 0.25, ALL, 1, 'VQB80'],
  [VOLTIQ, 'VLQ-BTW-01', 'Baby Bottle Warmer', 'electronics', 0, 34.9, 0.2, ALL, 1, 'VQW01'],
];

/** How each category is made and distributed: days between production runs, days from plant to shelf. */
const PRODUCTION: Record<Category, { runEveryDays: [number, number]; toShelfDays: [number, number]; minBatch: number }> = {
  dairy: { runEveryDays: [2, 5], toShelfDays: [1, 2], minBatch: 2_000 },
  'baby-food': { runEveryDays: [20, 40], toShelfDays: [20, 40], minBatch: 5_000 },
  beverages: { runEveryDays: [10, 25], toShelfDays: [7, 20], minBatch: 5_000 },
  snacks: { runEveryDays: [14, 30], toShelfDays: [10, 25], minBatch: 5_000 },
  household: { runEveryDays: [30, 60], toShelfDays: [20, 45], minBatch: 3_000 },
  electronics: { runEveryDays: [30, 70], toShelfDays: [30, 60], minBatch: 500 },
};

export interface Catalogue {
  products: Product[];
  productRows: ProductRow[];
  lotRows: LotRow[];
}

/**
 * Products and their lots. Lots run from before the first order (stock already on shelves)
 * to the day before `nowMs`; `expectedUnits` (units sold over the whole year) sizes the
 * batches so that sales through the demo's shops stay well below what a lot produced.
 */
export function buildCatalogue(
  seed: number, windowStartMs: number, nowMs: number, expectedUnits: (product: Product, all: readonly Product[]) => number,
): Catalogue {
  const rng = new Rng(deriveSeed(seed, 'catalogue'));
  const itemsPerBrand = new Map<Brand, number>();
  const products: Product[] = SPECS.map(([brand, sku, name, category, , priceEur, popularity, markets, maxQuantity, serialPrefix], index) => {
    const item = (itemsPerBrand.get(brand) ?? 0) + 1;
    itemsPerBrand.set(brand, item);
    const body = brand.gtinPrefix + String(item * 7 + 10).padStart(13 - brand.gtinPrefix.length, '0');
    const gtin = body + String(gs1Mod10CheckDigit(body));
    return {
      row: { gtin, sku, name: `${brand.name} ${name}`, brand: brand.name, category },
      index, priceEur, popularity, markets: new Set(markets), maxQuantity, serialPrefix: serialPrefix ?? null, lots: [],
    };
  });
  const lotRows: LotRow[] = [];
  const lastDayMs = startOfUtcDay(nowMs) - DAY_MS;
  products.forEach((product, i) => {
    const [brand, , , category, shelfLifeDays] = SPECS[i]!;
    const plan = PRODUCTION[category];
    // Long-life stock on shelves when the year of orders starts was made months earlier.
    const leadDays = plan.toShelfDays[1] + Math.min(shelfLifeDays || 120, 120);
    let day = startOfUtcDay(windowStartMs) - leadDays * DAY_MS + rng.int(0, plan.runEveryDays[1]) * DAY_MS;
    const runs: { producedMs: number; shift: number; onShelfMs: number; expiresMs: number; gap: number }[] = [];
    let previousOnShelfMs = -Infinity;
    while (day <= lastDayMs) {
      const gap = rng.int(plan.runEveryDays[0], plan.runEveryDays[1]);
      // A later lot never reaches the shelf before an earlier one (first in, first out).
      previousOnShelfMs = Math.max(previousOnShelfMs, day + rng.int(plan.toShelfDays[0], plan.toShelfDays[1]) * DAY_MS);
      runs.push({
        producedMs: day,
        shift: rng.int(1, 3),
        onShelfMs: previousOnShelfMs,
        expiresMs: shelfLifeDays > 0 ? day + (shelfLifeDays + 1) * DAY_MS - 1 : Infinity,
        gap,
      });
      day += gap * DAY_MS;
    }
    const unitsPerDay = expectedUnits(product, products) / ((nowMs - windowStartMs) / DAY_MS);
    for (const run of runs) {
      const code = lotCode(run.producedMs, brand.plant, run.shift);
      product.lots.push({ code, producedMs: run.producedMs, onShelfMs: run.onShelfMs, expiresMs: run.expiresMs });
      const quantity = Math.max(plan.minBatch, unitsPerDay * run.gap * rng.between(2.5, 4));
      lotRows.push({
        gtin: product.row.gtin,
        lot_code: code,
        produced_on: isoDate(run.producedMs),
        expires_on: Number.isFinite(run.expiresMs) ? isoDate(run.expiresMs) : '',
        quantity_produced: Math.ceil(quantity / 100) * 100,
      });
    }
  });
  return { products, productRows: products.map((p) => p.row), lotRows };
}

/** 'L2610-0412': year and month, then day, plant and shift — what a line operator prints on the pack. */
function lotCode(producedMs: number, plant: number, shift: number): string {
  const iso = isoDate(producedMs);
  return `L${iso.slice(2, 4)}${iso.slice(5, 7)}-${iso.slice(8, 10)}${plant}${shift}`;
}

const RATES: Record<string, { perEur: number; priceLevel: number }> = {
  RUB: { perEur: 95, priceLevel: 0.6 },
  UAH: { perEur: 45, priceLevel: 0.6 },
  SEK: { perEur: 11.5, priceLevel: 1.05 },
  GBP: { perEur: 0.86, priceLevel: 1 },
  EUR: { perEur: 1, priceLevel: 1 },
  USD: { perEur: 1.08, priceLevel: 1.1 },
};

/** Shelf price in minor units, ending the way shelf prices end (89.90 ₽, 24.90 kr, £1.49). */
export function shelfPriceMinor(priceEur: number, currency: string, factor = 1): number {
  const rate = RATES[currency];
  if (!rate) throw new RangeError(`no demo exchange rate for ${currency}`);
  const major = priceEur * rate.perEur * rate.priceLevel * factor;
  if (currency === 'RUB' || currency === 'UAH' || currency === 'SEK') {
    return major >= 500 ? (Math.ceil(major / 10) * 10 - 1) * 100 : Math.ceil(major) * 100 - 10;
  }
  return Math.ceil(major * 10) * 10 - 1;
}

/** What a shop in one country stocks, for weighted draws by popularity. */
export interface Market {
  products: number[];
  table: AliasTable;
  /** Index into `products` by product index, or -1 when the country does not stock it. */
  stocks: Int32Array;
}

export function buildMarkets(products: readonly Product[], countries: readonly CountryCode[]): Map<CountryCode, Market> {
  const markets = new Map<CountryCode, Market>();
  for (const code of countries) {
    const stocked = products.filter((p) => p.markets.has(code));
    const stocks = new Int32Array(products.length).fill(-1);
    stocked.forEach((p, i) => (stocks[p.index] = i));
    markets.set(code, { products: stocked.map((p) => p.index), table: new AliasTable(stocked.map((p) => p.popularity)), stocks });
  }
  return markets;
}

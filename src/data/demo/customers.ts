/**
 * Loyalty customers: who they are, what they agreed to be contacted on, and — kept out of
 * the rows — how they shop, so the order generator can make regulars come back.
 */
import type { Market } from './catalogue.ts';
import { DAY_MS, isoDate, isoTimestamp } from './dates.ts';
import { COUNTRIES, phoneNumber, type CountryCode } from './geography.ts';
import type { Store } from './locations.ts';
import { randomPersonName, transliterate, type Language } from './names.ts';
import { AliasTable, Rng, deriveSeed } from './prng.ts';

export type Tier = 'standard' | 'silver' | 'gold' | 'vip';
export type ConsentValue = 'true' | 'false' | '';
export type ConsentSource = 'loyalty-signup' | 'web-checkout' | 'store-kiosk' | 'call-centre';

export type CustomerRow = {
  external_id: string;
  name: string;
  email: string;
  phone: string;
  language: Language;
  time_zone: string;
  tier: Tier;
  country: CountryCode;
  region: string;
  customer_since: string;
  consent_email: ConsentValue;
  consent_sms: ConsentValue;
  consent_phone: ConsentValue;
  consent_post: ConsentValue;
  consent_push: ConsentValue;
  consent_recorded_at: string;
  consent_source: ConsentSource | '';
};

/** How one customer shops; index i describes customers[i]. */
export interface Shopper {
  country: CountryCode;
  city: string;
  /** Relative number of orders per year. */
  activity: number;
  /** Share of their orders placed online. */
  onlineShare: number;
  activeFromMs: number;
  /** When they stopped buying (churned), or Infinity. */
  activeUntilMs: number;
  homeStore: number;
  secondStore: number;
  /** Products they buy again and again. */
  favourites: number[];
}

const TIERS: readonly Tier[] = ['standard', 'silver', 'gold', 'vip'];
const TIER_SHARE = [60, 25, 12, 3];
const TIER_ACTIVITY: Record<Tier, number> = { standard: 1, silver: 2.2, gold: 4, vip: 8 };
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'inbox.example.net', 'post.example.org'];

export interface CustomerBase {
  rows: CustomerRow[];
  shoppers: Shopper[];
}

export function buildCustomers(
  seed: number, count: number, windowStartMs: number, nowMs: number, stores: readonly Store[], markets: ReadonlyMap<CountryCode, Market>,
): CustomerBase {
  const rng = new Rng(deriveSeed(seed, 'customers'));
  const storesNear = storeTables(stores);
  const emails = new Set<string>();
  const phonesHandedOut = new Map<CountryCode, number>();
  const rows: CustomerRow[] = [];
  const shoppers: Shopper[] = [];
  const countryShares = COUNTRIES.map((c) => c.customerShare);
  const regionWeights = COUNTRIES.map((c) => c.regions.map((r) => r.weight));
  const cityWeights = new Map(COUNTRIES.flatMap((c) => c.regions.map((r) => [r, r.cities.map((city) => city.weight)] as const)));
  for (let i = 0; i < count; i++) {
    const countryIndex = rng.weighted(countryShares);
    const country = COUNTRIES[countryIndex]!;
    const region = country.regions[rng.weighted(regionWeights[countryIndex]!)]!;
    const city = region.cities[rng.weighted(cityWeights.get(region)!)]!;
    const person = randomPersonName(country.language, rng);
    const tier = TIERS[rng.weighted(TIER_SHARE)]!;
    // 18 % joined during the year of orders; gold and VIP members have been around longer.
    const newcomer = tier !== 'vip' && tier !== 'gold' && rng.chance(0.18);
    const sinceMs = newcomer ? nowMs - rng.int(1, 365) * DAY_MS : nowMs - Math.round(365 + 7 * 365 * rng.next() ** 1.4) * DAY_MS;
    const churned = sinceMs < windowStartMs + 60 * DAY_MS && rng.chance(0.12);
    const activeFromMs = Math.max(sinceMs, windowStartMs);
    const activeUntilMs = churned ? rng.between(activeFromMs + 30 * DAY_MS, nowMs - 30 * DAY_MS) : Infinity;

    const email = rng.chance(0.93) ? uniqueEmail(person.given, person.surname, country.language, rng, emails) : '';
    let phone = '';
    if (rng.chance(0.85)) {
      const k = phonesHandedOut.get(country.code) ?? 0;
      phonesHandedOut.set(country.code, k + 1);
      phone = phoneNumber(country, k);
    }
    const consent = consents(rng, { email, phone, sinceMs, nowMs, churned });
    rows.push({
      external_id: `C${String(i + 1).padStart(6, '0')}`,
      name: person.full, email, phone, language: country.language, time_zone: region.timeZone, tier,
      country: country.code, region: region.name, customer_since: isoDate(sinceMs), ...consent,
    });

    const near = storesNear.get(`${country.code}|${region.name}`) ?? storesNear.get(country.code);
    const inCountry = storesNear.get(country.code);
    const homeStore = near ? near.stores[near.table.sample(rng)]! : -1;
    const secondSource = rng.chance(0.7) ? near : inCountry;
    const secondStore = secondSource ? secondSource.stores[secondSource.table.sample(rng)]! : -1;
    const market = markets.get(country.code);
    const favourites = market ? [0, 1, 2].map(() => market.products[market.table.sample(rng)]!) : [];
    const style = rng.next();
    shoppers.push({
      country: country.code, city: city.name,
      activity: TIER_ACTIVITY[tier] * rng.logNormal(0.6),
      onlineShare: homeStore < 0 ? 1 : style < 0.7 ? rng.between(0.02, 0.12) : style < 0.95 ? rng.between(0.2, 0.5) : rng.between(0.7, 0.95),
      activeFromMs, activeUntilMs, homeStore, secondStore, favourites,
    });
  }
  return { rows, shoppers };
}

/** Stores by "country|region" and by country, drawn in proportion to their footfall. */
function storeTables(stores: readonly Store[]): Map<string, { stores: number[]; table: AliasTable }> {
  const groups = new Map<string, Store[]>();
  for (const s of stores) {
    for (const key of [`${s.country}|${s.region}`, s.country]) groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return new Map([...groups].map(([key, list]) => [key, { stores: list.map((s) => s.index), table: new AliasTable(list.map((s) => s.size)) }]));
}

function uniqueEmail(given: string, surname: string, language: Language, rng: Rng, taken: Set<string>): string {
  const f = transliterate(given, language);
  const l = transliterate(surname, language);
  const local = rng.pick([`${f}.${l}`, `${f}${l}`, `${f.charAt(0)}.${l}`, `${l}.${f}`, `${f}_${l}`, `${l}${f.charAt(0)}`]);
  const domain = rng.pick(DOMAINS);
  let number = rng.chance(0.6) ? rng.int(50, 105) % 100 : rng.int(1, 999);
  let email = `${local}${String(number).padStart(2, '0')}@${domain}`;
  while (taken.has(email)) {
    number = rng.int(1, 9999);
    email = `${local}${number}@${domain}`;
  }
  taken.add(email);
  return email;
}

type ConsentFields = Pick<CustomerRow, 'consent_email' | 'consent_sms' | 'consent_phone' | 'consent_post' | 'consent_push' | 'consent_recorded_at' | 'consent_source'>;

/**
 * Most members opted in to e-mail when they joined, fewer to SMS; some later withdrew (more
 * often those who stopped buying). Blank means the channel was never asked about.
 */
function consents(rng: Rng, c: { email: string; phone: string; sinceMs: number; nowMs: number; churned: boolean }): ConsentFields {
  const withdrawRate = c.churned ? 0.25 : 0.05;
  let withdrew = false;
  const ask = (has: boolean, grant: number, decline: number): ConsentValue => {
    if (!has) return '';
    const u = rng.next();
    if (u < grant) {
      if (rng.chance(withdrawRate)) {
        withdrew = true;
        return 'false';
      }
      return 'true';
    }
    return u < grant + decline ? 'false' : '';
  };
  const fields = {
    consent_email: ask(c.email !== '', 0.82, 0.06),
    consent_sms: ask(c.phone !== '', 0.45, 0.2),
    consent_phone: ask(c.phone !== '', 0.2, 0.25),
    consent_post: ask(true, 0.25, 0.1),
    consent_push: ask(true, 0.3, 0.1),
  };
  const asked = Object.values(fields).some((v) => v !== '');
  if (!asked) return { ...fields, consent_recorded_at: '', consent_source: '' };
  // A withdrawal is recorded when it happened, usually through the call centre or the web.
  const recordedMs = withdrew
    ? rng.between(c.sinceMs + DAY_MS, c.nowMs - DAY_MS)
    : c.sinceMs + rng.int(60, 3 * 3600) * 1000;
  const source: ConsentSource = withdrew
    ? rng.pick(['call-centre', 'web-checkout'] as const)
    : (['loyalty-signup', 'web-checkout', 'store-kiosk', 'call-centre'] as const)[rng.weighted([60, 22, 14, 4])]!;
  return { ...fields, consent_recorded_at: isoTimestamp(Math.min(recordedMs, c.nowMs - 60_000)), consent_source: source };
}

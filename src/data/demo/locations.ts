/**
 * Points of sale of invented retail chains, plus the distributors, warehouses and plants a
 * recall has to reach. Every chain and company name here is made up.
 */
import { gs1Mod10CheckDigit } from '../gs1/check-digit.ts';
import { COUNTRIES, countryOf, randomPostcode, type CountryCode } from './geography.ts';
import { Rng, deriveSeed } from './prng.ts';

export type LocationKind = 'store' | 'warehouse' | 'distributor' | 'plant';

export type LocationRow = {
  external_id: string;
  gln: string;
  kind: LocationKind;
  name: string;
  chain: string;
  region: string;
  country: CountryCode;
  city: string;
  address: string;
  postal_code: string;
  email: string;
};

export interface Chain {
  name: string;
  slug: string;
  countries: readonly CountryCode[];
  /** Share of the stores of its home country (the first in `countries`). */
  share: number;
  glnPrefix: string;
  /** Share of lines whose lot the tills capture (GS1 DataMatrix scanned, not just the EAN). */
  lotCaptureRate: number;
  priceFactor: number;
  storeName(city: string, street: string, ordinal: number): string;
}

export const CHAINS: readonly Chain[] = [
  // Russian tills read the DataMatrix that national marking requires on dairy: lots are captured.
  { name: 'Десяточка', slug: 'desyatochka', countries: ['RU'], share: 0.6, glnPrefix: '4607100', lotCaptureRate: 0.95, priceFactor: 0.95, storeName: (city, _s, n) => `Десяточка ${city} №${n}` },
  { name: 'Самобранка', slug: 'samobranka', countries: ['RU'], share: 0.4, glnPrefix: '4607200', lotCaptureRate: 0.93, priceFactor: 1.05, storeName: (city, _s, n) => `Самобранка ${city} №${n}` },
  { name: 'Лелека', slug: 'leleka', countries: ['UA'], share: 1, glnPrefix: '4823100', lotCaptureRate: 0.78, priceFactor: 1, storeName: (city, _s, n) => `Лелека ${city} №${n}` },
  { name: 'Vardagsmat', slug: 'vardagsmat', countries: ['SE'], share: 1, glnPrefix: '7350100', lotCaptureRate: 0.82, priceFactor: 1, storeName: (city, street) => `Vardagsmat ${city} ${street}` },
  { name: "Hartwell's", slug: 'hartwells', countries: ['GB', 'IE'], share: 1, glnPrefix: '5012300', lotCaptureRate: 0.82, priceFactor: 1, storeName: (city, street) => `Hartwell's ${city} ${street}` },
];

export interface Store {
  row: LocationRow;
  index: number;
  chain: Chain;
  country: CountryCode;
  region: string;
  city: string;
  /** Relative footfall. */
  size: number;
}

export interface Network {
  stores: Store[];
  rows: LocationRow[];
}

const withCheckDigit = (body: string) => body + String(gs1Mod10CheckDigit(body));

/** Between 60 and 120 stores, growing with the logarithm of the customer base. */
export function storeCount(customers: number): number {
  return Math.min(120, Math.max(60, Math.round(60 + 12 * Math.log2(Math.max(1, customers) / 1000))));
}

export function buildNetwork(seed: number, customers: number): Network {
  const rng = new Rng(deriveSeed(seed, 'locations'));
  const storeCountries = COUNTRIES.filter((c) => CHAINS.some((chain) => chain.countries.includes(c.code)));
  const perCountry = apportion(storeCount(customers), storeCountries.map((c) => c.customerShare), 2);
  const stores: Store[] = [];
  const names = new Set<string>();
  storeCountries.forEach((country, ci) => {
    const chains = CHAINS.filter((chain) => chain.countries.includes(country.code));
    const perChain = apportion(perCountry[ci] as number, chains.map((chain) => chain.share), 1);
    chains.forEach((chain, chainIndex) => {
      const perRegion = apportion(perChain[chainIndex] as number, country.regions.map((r) => r.weight), 0);
      country.regions.forEach((region, ri) => {
        for (let k = 0; k < (perRegion[ri] as number); k++) {
          const cityInfo = region.cities[rng.weighted(region.cities.map((c) => c.weight))]!;
          const street = rng.pick(country.streets);
          const ordinal = stores.filter((s) => s.chain === chain).length + 1;
          let name = chain.storeName(cityInfo.name, street, ordinal);
          if (names.has(name)) name = `${name} ${ordinal}`;
          names.add(name);
          const index = stores.length;
          stores.push({
            index, chain, country: country.code, region: region.name, city: cityInfo.name, size: rng.logNormal(0.45),
            row: {
              external_id: `S-${String(index + 1).padStart(4, '0')}`,
              gln: withCheckDigit(chain.glnPrefix + String(index + 1).padStart(5, '0')),
              kind: 'store', name, chain: chain.name, region: region.name, country: country.code, city: cityInfo.name,
              address: country.address(street, rng.int(1, 180)), postal_code: randomPostcode(cityInfo, rng),
              email: `ops@${chain.slug}.example`,
            },
          });
        }
      });
    });
  });
  return { stores, rows: [...stores.map((s) => s.row), ...supplyChain(rng)] };
}

interface Site {
  id: string;
  kind: LocationKind;
  name: string;
  slug: string;
  glnPrefix: string;
  country: CountryCode;
  region: string;
  city: string;
  street: string;
}

/** Fixed sites: three distributors, the group's two warehouses and its two plants. */
const SITES: readonly Site[] = [
  { id: 'D-0001', kind: 'distributor', name: 'Северный Путь Дистрибуция', slug: 'severny-put', glnPrefix: '4607300', country: 'RU', region: 'Московская область', city: 'Химки', street: 'ул. Лесная' },
  { id: 'D-0002', kind: 'distributor', name: 'Злагода Дистрибуція', slug: 'zlahoda', glnPrefix: '4823200', country: 'UA', region: 'Київська область', city: 'Бровари', street: 'вул. Зелена' },
  { id: 'D-0003', kind: 'distributor', name: 'Northgate Food Distribution', slug: 'northgate-food', glnPrefix: '5012400', country: 'GB', region: 'East Midlands', city: 'Northampton', street: 'Station Road' },
  { id: 'W-0001', kind: 'warehouse', name: 'Zorka — РЦ Подольск', slug: 'zorka', glnPrefix: '4607400', country: 'RU', region: 'Московская область', city: 'Подольск', street: 'ул. Центральная' },
  { id: 'W-0002', kind: 'warehouse', name: 'Ängsgård Lager Jönköping', slug: 'angsgard', glnPrefix: '7350200', country: 'SE', region: 'Jönköpings län', city: 'Jönköping', street: 'Järnvägsgatan' },
  { id: 'P-0001', kind: 'plant', name: 'Zorka — молочный завод Раменское', slug: 'zorka', glnPrefix: '4607400', country: 'RU', region: 'Московская область', city: 'Раменское', street: 'ул. Школьная' },
  { id: 'P-0002', kind: 'plant', name: 'Ängsgård Mejeri Falköping', slug: 'angsgard', glnPrefix: '7350200', country: 'SE', region: 'Västra Götalands län', city: 'Falköping', street: 'Skolgatan' },
];

function supplyChain(rng: Rng): LocationRow[] {
  return SITES.map((site, i) => {
    const country = countryOf(site.country);
    const cityInfo = country.regions.find((r) => r.name === site.region)?.cities.find((c) => c.name === site.city);
    if (!cityInfo) throw new Error(`demo site ${site.id} is in a city missing from the geography`);
    return {
      external_id: site.id,
      gln: withCheckDigit(site.glnPrefix + String(90_001 + i)),
      kind: site.kind, name: site.name, chain: '', region: site.region, country: site.country, city: site.city,
      address: country.address(site.street, rng.int(1, 60)), postal_code: randomPostcode(cityInfo, rng),
      email: `ops@${site.slug}.example`,
    };
  });
}

/** Splits `total` in proportion to `weights` (largest remainder), giving each at least `minimum` when it can. */
function apportion(total: number, weights: readonly number[], minimum: number): number[] {
  const floor = Math.min(minimum, Math.floor(total / Math.max(1, weights.length)));
  const rest = total - floor * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((x) => Math.floor(x));
  let left = rest - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts.map((c) => c + floor);
}

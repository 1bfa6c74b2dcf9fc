/**
 * The countries, regions and cities customers live in and stores stand in. Customers and
 * stores draw from the same table, so a recall limited to "Свердловская область" finds both.
 */
import type { Language } from './names.ts';
import type { Rng } from './prng.ts';

export type CountryCode = 'RU' | 'UA' | 'SE' | 'GB' | 'IE' | 'US';

export interface City {
  name: string;
  weight: number;
  /** Postcode patterns: '#' a digit, '@' a letter. */
  postcodes: readonly string[];
}

export interface Region {
  name: string;
  weight: number;
  timeZone: string;
  cities: readonly City[];
}

/** A block of phone numbers, E.164 digits without '+', from `first` for `count` numbers. */
export interface PhoneBlock {
  first: number;
  count: number;
}

export interface Country {
  code: CountryCode;
  language: Language;
  currency: string;
  /** Share of all customers. */
  customerShare: number;
  regions: readonly Region[];
  streets: readonly string[];
  address(street: string, houseNumber: number): string;
  /**
   * Numbers published as reserved for fiction (Ofcom drama numbers, NANP 555-01xx, PTS
   * fiction numbers) first; `spare` is used once those run out: subscriber numbers starting
   * with 0 after the area code, which the national plans do not assign.
   */
  phones: { reserved: readonly PhoneBlock[]; spare: PhoneBlock };
}

const city = (name: string, weight: number, ...postcodes: string[]): City => ({ name, weight, postcodes });
const thousand = (...firsts: number[]): PhoneBlock[] => firsts.map((first) => ({ first, count: 1000 }));

export const COUNTRIES: readonly Country[] = [
  {
    code: 'RU', language: 'ru', currency: 'RUB', customerShare: 0.25,
    regions: [
      { name: 'Москва', weight: 30, timeZone: 'Europe/Moscow', cities: [city('Москва', 1, '10####', '11####', '12####')] },
      { name: 'Санкт-Петербург', weight: 15, timeZone: 'Europe/Moscow', cities: [city('Санкт-Петербург', 1, '19####')] },
      { name: 'Московская область', weight: 15, timeZone: 'Europe/Moscow', cities: [city('Подольск', 3, '1421##'), city('Химки', 3, '1414##'), city('Раменское', 2, '1401##')] },
      { name: 'Свердловская область', weight: 10, timeZone: 'Asia/Yekaterinburg', cities: [city('Екатеринбург', 1, '620###')] },
      { name: 'Новосибирская область', weight: 8, timeZone: 'Asia/Novosibirsk', cities: [city('Новосибирск', 1, '630###')] },
      { name: 'Республика Татарстан', weight: 10, timeZone: 'Europe/Moscow', cities: [city('Казань', 1, '420###')] },
      { name: 'Краснодарский край', weight: 12, timeZone: 'Europe/Moscow', cities: [city('Краснодар', 3, '350###'), city('Сочи', 2, '354###')] },
    ],
    streets: ['ул. Ленина', 'ул. Садовая', 'ул. Гагарина', 'пр-т Мира', 'ул. Советская', 'ул. Молодёжная', 'ул. Лесная', 'ул. Школьная', 'ул. Центральная', 'Набережная ул.'],
    address: (street, n) => `${street}, д. ${n}`,
    phones: { reserved: [], spare: { first: 74950000000, count: 1_000_000 } },
  },
  {
    code: 'UA', language: 'uk', currency: 'UAH', customerShare: 0.2,
    regions: [
      { name: 'Київ', weight: 30, timeZone: 'Europe/Kyiv', cities: [city('Київ', 1, '01###', '02###', '03###', '04###')] },
      { name: 'Київська область', weight: 10, timeZone: 'Europe/Kyiv', cities: [city('Бровари', 1, '074##'), city('Біла Церква', 1, '091##')] },
      { name: 'Львівська область', weight: 15, timeZone: 'Europe/Kyiv', cities: [city('Львів', 1, '79###')] },
      { name: 'Харківська область', weight: 15, timeZone: 'Europe/Kyiv', cities: [city('Харків', 1, '61###')] },
      { name: 'Одеська область', weight: 15, timeZone: 'Europe/Kyiv', cities: [city('Одеса', 1, '65###')] },
      { name: 'Дніпропетровська область', weight: 15, timeZone: 'Europe/Kyiv', cities: [city('Дніпро', 1, '49###')] },
    ],
    streets: ['вул. Шевченка', 'вул. Франка', 'просп. Перемоги', 'вул. Садова', 'вул. Соборна', 'вул. Лесі Українки', 'вул. Грушевського', 'вул. Зелена'],
    address: (street, n) => `${street}, ${n}`,
    phones: { reserved: [], spare: { first: 380440000000, count: 1_000_000 } },
  },
  {
    code: 'SE', language: 'sv', currency: 'SEK', customerShare: 0.2,
    regions: [
      { name: 'Stockholms län', weight: 40, timeZone: 'Europe/Stockholm', cities: [city('Stockholm', 4, '11# ##', '12# ##'), city('Solna', 1, '169 ##')] },
      { name: 'Västra Götalands län', weight: 25, timeZone: 'Europe/Stockholm', cities: [city('Göteborg', 5, '41# ##'), city('Borås', 1, '50# ##'), city('Falköping', 1, '521 ##')] },
      { name: 'Skåne län', weight: 20, timeZone: 'Europe/Stockholm', cities: [city('Malmö', 3, '21# ##'), city('Lund', 1, '22# ##')] },
      { name: 'Uppsala län', weight: 7, timeZone: 'Europe/Stockholm', cities: [city('Uppsala', 1, '75# ##')] },
      { name: 'Östergötlands län', weight: 8, timeZone: 'Europe/Stockholm', cities: [city('Linköping', 1, '58# ##'), city('Norrköping', 1, '60# ##')] },
      { name: 'Jönköpings län', weight: 5, timeZone: 'Europe/Stockholm', cities: [city('Jönköping', 1, '55# ##')] },
    ],
    streets: ['Storgatan', 'Drottninggatan', 'Kungsgatan', 'Järnvägsgatan', 'Skolgatan', 'Parkvägen', 'Torggatan', 'Östra Långgatan'],
    address: (street, n) => `${street} ${n}`,
    phones: {
      reserved: [
        { first: 46701740605, count: 95 }, { first: 46846500400, count: 100 }, { first: 46313900600, count: 100 },
        { first: 46406280400, count: 100 }, { first: 46980319200, count: 100 },
      ],
      spare: { first: 46800000000, count: 1_000_000 },
    },
  },
  {
    code: 'GB', language: 'en', currency: 'GBP', customerShare: 0.245,
    regions: [
      { name: 'Greater London', weight: 35, timeZone: 'Europe/London', cities: [city('London', 1, 'E1 #@@', 'SE1 #@@', 'N1 #@@', 'NW1 #@@', 'SW1A #@@')] },
      { name: 'North West', weight: 15, timeZone: 'Europe/London', cities: [city('Manchester', 1, 'M1 #@@', 'M4 #@@', 'M20 #@@')] },
      { name: 'West Midlands', weight: 12, timeZone: 'Europe/London', cities: [city('Birmingham', 1, 'B1 #@@', 'B15 #@@')] },
      { name: 'Scotland', weight: 13, timeZone: 'Europe/London', cities: [city('Glasgow', 1, 'G1 #@@', 'G12 #@@'), city('Edinburgh', 1, 'EH1 #@@', 'EH3 #@@')] },
      { name: 'Yorkshire and the Humber', weight: 12, timeZone: 'Europe/London', cities: [city('Leeds', 1, 'LS1 #@@', 'LS6 #@@')] },
      { name: 'Wales', weight: 8, timeZone: 'Europe/London', cities: [city('Cardiff', 1, 'CF10 #@@', 'CF24 #@@')] },
      { name: 'East Midlands', weight: 5, timeZone: 'Europe/London', cities: [city('Northampton', 1, 'NN1 #@@')] },
    ],
    streets: ['High Street', 'Station Road', 'Church Street', 'Market Place', 'London Road', 'Victoria Road', 'Park Lane', 'Queen Street'],
    address: (street, n) => `${n} ${street}`,
    phones: {
      // Ofcom's drama ranges: 07700 900xxx and 1,000-number blocks in the big cities.
      reserved: thousand(447700900000, 441134960000, 441144960000, 441154960000, 441164960000, 441174960000, 441184960000,
        441214960000, 441314960000, 441414960000, 441514960000, 441614960000, 441914980000, 442079460000, 442920180000, 441632960000),
      spare: { first: 442000000000, count: 10_000_000 },
    },
  },
  {
    code: 'IE', language: 'en', currency: 'EUR', customerShare: 0.0525,
    regions: [
      { name: 'Leinster', weight: 70, timeZone: 'Europe/Dublin', cities: [city('Dublin', 1, 'D02 @###', 'D04 @###', 'D08 @###')] },
      { name: 'Munster', weight: 30, timeZone: 'Europe/Dublin', cities: [city('Cork', 1, 'T12 @###', 'T23 @###')] },
    ],
    streets: ['Main Street', 'Church Road', 'Patrick Street', 'Bridge Street', 'Castle Street'],
    address: (street, n) => `${n} ${street}`,
    phones: { reserved: [], spare: { first: 35310000000, count: 1_000_000 } },
  },
  {
    code: 'US', language: 'en', currency: 'USD', customerShare: 0.0525,
    regions: [
      { name: 'New York', weight: 35, timeZone: 'America/New_York', cities: [city('New York', 3, '100##'), city('Brooklyn', 2, '112##')] },
      { name: 'Illinois', weight: 20, timeZone: 'America/Chicago', cities: [city('Chicago', 1, '606##')] },
      { name: 'California', weight: 30, timeZone: 'America/Los_Angeles', cities: [city('Los Angeles', 2, '900##'), city('San Francisco', 1, '941##')] },
      { name: 'Texas', weight: 15, timeZone: 'America/Chicago', cities: [city('Austin', 1, '787##'), city('Houston', 1, '770##')] },
    ],
    streets: ['Main St', 'Oak Ave', 'Maple St', 'Washington Blvd', 'Lake St', 'Elm St'],
    address: (street, n) => `${n} ${street}`,
    // 555-0100…0199 is reserved for fiction in every area code; NANP exchanges never start with 0.
    phones: {
      reserved: [212, 646, 718, 312, 773, 213, 310, 415, 512, 713, 214, 617, 206, 305, 404, 303]
        .map((area) => ({ first: 10_000_000_000 + area * 10_000_000 + 5_550_100, count: 100 })),
      spare: { first: 12120000000, count: 1_000_000 },
    },
  },
];

export const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

export function countryOf(code: CountryCode): Country {
  const country = COUNTRY_BY_CODE.get(code);
  if (!country) throw new RangeError(`unknown demo country ${code}`);
  return country;
}

const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export function randomPostcode(cityInfo: City, rng: Rng): string {
  return rng.pick(cityInfo.postcodes).replace(/[#@]/g, (ch) => (ch === '#' ? String(rng.int(0, 9)) : rng.pick([...LETTERS])));
}

/**
 * The k-th phone number handed out in a country: reserved fiction numbers first, each block
 * walked in a scrambled but collision-free order, then the spare block; wraps when exhausted.
 */
export function phoneNumber(country: Country, k: number): string {
  const { reserved, spare } = country.phones;
  let reservedTotal = 0;
  for (const b of reserved) reservedTotal += b.count;
  if (k < reservedTotal) {
    const index = scramble(k, reservedTotal);
    let offset = index;
    for (const b of reserved) {
      if (offset < b.count) return `+${b.first + offset}`;
      offset -= b.count;
    }
  }
  return `+${spare.first + scramble((k - reservedTotal) % spare.count, spare.count)}`;
}

/** A bijection on 0…n-1 (multiplication by a step coprime to n), so numbers do not look sequential. */
function scramble(i: number, n: number): number {
  let step = 387_161;
  while (gcd(step, n) !== 1) step += 2;
  return (i * step + 12_345) % n; // below 2^53 for every block here
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A small message layer: catalogues are plain objects, one per language, typed so that a
 * translation missing a key does not compile. Plural messages name their CLDR forms and are
 * chosen with Intl.PluralRules; `{name}` placeholders are filled from params.
 */
export interface PluralMessage {
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;
export type Params = Record<string, string | number>;

/** The locale Intl formats with, per language of the product. */
export const INTL_LOCALE: Record<string, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' };

export function interpolate(text: string, params: Params | undefined, formatNumber: (n: number) => string): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function translate(message: Message | undefined, key: string, locale: string, params?: Params): string {
  const numberFormat = new Intl.NumberFormat(locale);
  const format = (n: number) => numberFormat.format(n);
  if (message === undefined) return key;
  if (typeof message === 'string') return interpolate(message, params, format);
  const count = typeof params?.count === 'number' ? params.count : 0;
  const form = new Intl.PluralRules(locale).select(count) as keyof PluralMessage;
  return interpolate(message[form] ?? message.other, params, format);
}

export interface Formatters {
  /** A calendar date ('YYYY-MM-DD' or a timestamp), without shifting the day by time zone. */
  date(value: string | Date | null | undefined): string;
  dateTime(value: string | Date | null | undefined): string;
  /** A deadline for the reader: weekday, date and time in their own time zone, with the zone named ("Monday 19 January, 13:30 GMT"). */
  deadline(value: string | Date): string;
  /** Day and month only, for chart axes. */
  dayMonth(value: string): string;
  number(value: number | string | null | undefined): string;
  /** An amount in minor units (cents, kopecks, öre) of a currency. */
  money(amountMinor: number | string | null | undefined, currency: string): string;
  relative(value: string | Date, now?: Date): string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function formattersFor(locale: string): Formatters {
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const localDateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const deadlineFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const dayMonthFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(locale);
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (currency: string) => {
    let format = moneyFormats.get(currency);
    if (!format) {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      moneyFormats.set(currency, format);
    }
    return format;
  };
  return {
    date(value) {
      if (value === null || value === undefined || value === '') return '';
      if (typeof value === 'string' && DATE_ONLY.test(value)) return dateFormat.format(new Date(`${value}T00:00:00Z`));
      return localDateFormat.format(new Date(value));
    },
    dateTime(value) {
      if (value === null || value === undefined || value === '') return '';
      return dateTimeFormat.format(new Date(value));
    },
    deadline(value) {
      return deadlineFormat.format(new Date(value));
    },
    dayMonth(value) {
      return dayMonthFormat.format(new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value));
    },
    number(value) {
      if (value === null || value === undefined || value === '') return '';
      return numberFormat.format(Number(value));
    },
    money(amountMinor, currency) {
      if (amountMinor === null || amountMinor === undefined || amountMinor === '') return '';
      const format = moneyFormat(currency);
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(Number(amountMinor) / 10 ** digits);
    },
    relative(value, now = new Date()) {
      const seconds = (new Date(value).getTime() - now.getTime()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relativeFormat.format(Math.round(seconds), 'second');
      if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
      return relativeFormat.format(Math.round(seconds / 86_400), 'day');
    },
  };
}

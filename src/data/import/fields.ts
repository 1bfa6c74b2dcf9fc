/**
 * Field parsers for imported rows. Each takes the raw value as read (a CSV string, or a
 * JSON value from JSON Lines) and returns the typed value or a message that the import
 * report shows next to the line number and the field name.
 */
import { hasPlausibleYear, PLAUSIBLE_YEARS } from '../../platform/clock/plausible-dates.ts';

export type RawValue = string | number | boolean | null | undefined | object;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
export type FieldParser<T> = (raw: Exclude<RawValue, null | undefined>) => Parsed<T>;

export interface FieldSpec<T = unknown> {
  required?: boolean;
  parse: FieldParser<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });
const shown = (raw: unknown) => JSON.stringify(typeof raw === 'string' && raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);

/** Blank CSV cells and JSON nulls mean "no value". */
export function isBlank(raw: RawValue): raw is null | undefined | '' {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

export const text = (maxLength = 500): FieldParser<string> => (raw) => {
  if (typeof raw === 'object') return fail(`expected text, got ${shown(raw)}`);
  const value = String(raw).trim();
  return value.length > maxLength ? fail(`longer than ${maxLength} characters`) : ok(value);
};

export const oneOf = <T extends string>(values: readonly T[]): FieldParser<T> => (raw) => {
  const value = String(raw).trim().toLowerCase();
  return (values as readonly string[]).includes(value) ? ok(value as T) : fail(`${shown(raw)} is not one of ${values.join(', ')}`);
};

export const integer = (min: number, max = Number.MAX_SAFE_INTEGER): FieldParser<number> => (raw) => {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) return fail(`${shown(raw)} is not a whole number`);
  if (value < min || value > max) return fail(`${value} is out of range ${min}…${max}`);
  return ok(value);
};

export const boolean: FieldParser<boolean> = (raw) => {
  if (typeof raw === 'boolean') return ok(raw);
  const value = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(value)) return ok(true);
  if (['false', 'no', 'n', '0'].includes(value)) return ok(false);
  return fail(`${shown(raw)} is not true or false`);
};

/** A calendar date, YYYY-MM-DD, that exists (no 31 February). */
export const date: FieldParser<string> = (raw) => {
  const value = String(raw).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return fail(`${shown(raw)} is not a date (YYYY-MM-DD)`);
  if (!hasPlausibleYear(value)) return fail(`${value} is not in the years ${PLAUSIBLE_YEARS}`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return fail(`${value} is not a real date`);
  return ok(value);
};

/** An instant with an explicit offset (ISO 8601 with Z or ±hh:mm), so no time zone is guessed. */
export const timestamp: FieldParser<string> = (raw) => {
  const value = String(raw).trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    return fail(`${shown(raw)} is not a timestamp with a time zone (e.g. 2026-03-01T10:15:00Z)`);
  }
  if (!hasPlausibleYear(value)) return fail(`${value} is not in the years ${PLAUSIBLE_YEARS}`);
  // Date.parse rolls an impossible day over (2026-02-30 → 2 March): check the day exists first.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return fail(`${value.slice(0, 10)} is not a real date`);
  const time = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(time) ? fail(`${value} is not a real time`) : ok(new Date(time).toISOString());
};

export const email: FieldParser<string> = (raw) => {
  const value = String(raw).trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254 ? ok(value) : fail(`${shown(raw)} is not an e-mail address`);
};

/** Phone numbers in E.164; spaces, dots, dashes and brackets are dropped. */
export const phone: FieldParser<string> = (raw) => {
  const value = String(raw).replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(value) ? ok(value) : fail(`${shown(raw)} is not an international phone number (+country code, digits)`);
};

export const countryCode: FieldParser<string> = (raw) => {
  const value = String(raw).trim().toUpperCase();
  return /^[A-Z]{2}$/.test(value) ? ok(value) : fail(`${shown(raw)} is not a two-letter country code`);
};

export const currencyCode: FieldParser<string> = (raw) => {
  const value = String(raw).trim().toUpperCase();
  return /^[A-Z]{3}$/.test(value) ? ok(value) : fail(`${shown(raw)} is not a three-letter currency code`);
};

const knownTimeZones = new Map<string, boolean>();
export const timeZone: FieldParser<string> = (raw) => {
  const value = String(raw).trim();
  if (!knownTimeZones.has(value)) {
    let valid = true;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
    } catch {
      valid = false;
    }
    knownTimeZones.set(value, valid);
  }
  return knownTimeZones.get(value) ? ok(value) : fail(`${shown(raw)} is not an IANA time zone (e.g. Europe/Stockholm)`);
};

export const required = <T>(parse: FieldParser<T>): FieldSpec<T> => ({ required: true, parse });
export const optional = <T>(parse: FieldParser<T>): FieldSpec<T> => ({ parse });

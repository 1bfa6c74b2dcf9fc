import { AppError } from '../../platform/errors/app-error.ts';
import { hasPlausibleYear } from '../../platform/clock/plausible-dates.ts';

/** A 400 problem naming the field, as the validation layer writes it (`errors: [{ field, message }]`). */
export function malformed(field: string, message: string): AppError {
  return new AppError('invalid', `The body is invalid: ${field} ${message}`, 'delivery.malformed_event', { errors: [{ field, message }] });
}

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a payload with the path of each field at hand, so every refusal names it. */
export class PayloadReader {
  constructor(readonly value: Json, readonly path: string) {}

  object(key: string): PayloadReader {
    const value = this.value[key];
    if (!isObject(value)) throw malformed(`${this.path}.${key}`, value === undefined || value === null ? 'is required' : 'must be an object');
    return new PayloadReader(value, `${this.path}.${key}`);
  }

  optionalObject(key: string): PayloadReader | null {
    const value = this.value[key];
    if (value === undefined || value === null) return null;
    if (!isObject(value)) throw malformed(`${this.path}.${key}`, 'must be an object');
    return new PayloadReader(value, `${this.path}.${key}`);
  }

  array(key: string): PayloadReader[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw malformed(`${this.path}.${key}`, 'must be an array');
    if (value.length > 1000) throw malformed(`${this.path}.${key}`, 'must have at most 1000 items');
    return value.map((item, i) => {
      if (!isObject(item)) throw malformed(`${this.path}.${key}.${i}`, 'must be an object');
      return new PayloadReader(item, `${this.path}.${key}.${i}`);
    });
  }

  string(key: string): string {
    const value = this.optionalString(key);
    if (value === null) throw malformed(`${this.path}.${key}`, 'is required');
    return value;
  }

  optionalString(key: string, maxLength = 500): string | null {
    const value = this.value[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw malformed(`${this.path}.${key}`, 'must be a string');
    if (value.length > maxLength) throw malformed(`${this.path}.${key}`, `must be at most ${maxLength} characters`);
    if (value.includes('\u0000')) throw malformed(`${this.path}.${key}`, 'must not contain the NUL character (U+0000)');
    return value;
  }

  /** An ISO 8601 date-time (with offset or Z); a date alone is read as midnight UTC. */
  instant(key: string): Date {
    const value = this.optionalInstant(key);
    if (!value) throw malformed(`${this.path}.${key}`, 'is required');
    return value;
  }

  optionalInstant(key: string): Date | null {
    const text = this.optionalString(key, 64);
    if (text === null) return null;
    const date = parseInstant(text);
    if (!date) throw malformed(`${this.path}.${key}`, 'must be an ISO 8601 date-time (2026-11-18T10:00:00Z)');
    return date;
  }

  /** The date part of a date or date-time, as the carrier wrote it (their local day). */
  optionalDay(key: string): string | null {
    const text = this.optionalString(key, 64);
    if (text === null) return null;
    const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text)?.[1];
    if (!day || !parseInstant(`${day}T00:00:00Z`)) throw malformed(`${this.path}.${key}`, 'must be an ISO 8601 date or date-time');
    return day;
  }
}

export function parseInstant(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  // A date-time without an offset is read as UTC: carriers that omit it (AfterShip's checkpoint_time sometimes) mean their local time, which we cannot know.
  const normalised = text.length === 10 ? `${text}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`;
  const date = new Date(normalised);
  if (Number.isNaN(date.getTime()) || !hasPlausibleYear(text)) return null;
  return date;
}

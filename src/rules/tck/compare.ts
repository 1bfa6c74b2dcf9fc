import { isFunction } from '../feelin-patched/index.js';

/**
 * How the TCK compares an expected value with the engine's: numbers as decimals (the
 * jdmn and camunda runners accept |a − b| < 1e-8; a relative bound covers large values
 * that a double cannot hold to 1e-8), strings and booleans exactly, dates, times and
 * durations by their canonical text, lists element-wise, contexts key by key.
 */
const isContext = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

export function sameTckValue(expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (expected === actual) return true;
    const difference = Math.abs(expected - actual);
    return difference < 1e-8 || difference <= 1e-12 * Math.max(Math.abs(expected), Math.abs(actual));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => sameTckValue(item, actual[i]));
  }
  if (isContext(expected)) {
    if (!isContext(actual)) return false;
    const extra = Object.keys(actual).filter((key) => !Object.hasOwn(expected, key) && !isFunction(actual[key]) && actual[key] !== null);
    return extra.length === 0 && Object.keys(expected).every((key) => sameTckValue(expected[key], actual[key]));
  }
  if (typeof expected === 'object') return actual !== null && typeof actual === 'object' && String(expected) === String(actual);
  return expected === actual;
}

/** FEEL-like text of a value, for failure reports. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isFunction(value)) return 'function';
  if (isContext(value)) return `{${Object.entries(value).map(([key, entry]) => `${key}: ${formatValue(entry)}`).join(', ')}}`;
  return String(value);
}

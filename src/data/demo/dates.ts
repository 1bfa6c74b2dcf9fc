/**
 * Date and time text in the forms the importers read: 'YYYY-MM-DD' and ISO 8601 with Z.
 * Formatting is on the hot path (a million orders, several million tracking events), so day
 * strings are cached and the time of day is assembled from a table instead of Date#toISOString.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayText = new Map<number, string>();

export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayText.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayText.set(day, text);
  }
  return text;
}

/** Whole seconds: tills and carriers do not report milliseconds. */
export function isoTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${isoDate(ms)}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[seconds % 60]}Z`;
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

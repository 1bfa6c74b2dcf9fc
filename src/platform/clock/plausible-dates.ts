/**
 * The years a date given to Rebound may carry: 1900 to 2200, both included. Wide enough for
 * a customer since the last century and a product that keeps for a long time; narrow enough
 * that a typo (`0024` for `2024`) or a probe (`0001`–`9999`) is refused where it is typed
 * instead of reaching a database, a deadline calculation or a report over eight thousand years.
 * Route schemas (the `date` and `date-time` formats) and the import columns both apply it.
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

export const PLAUSIBLE_YEARS = `${EARLIEST_YEAR}–${LATEST_YEAR}`;

/** Whether an ISO 8601 date or date-time (YYYY-MM-DD…) is written with a year in the range. */
export function hasPlausibleYear(isoText: string): boolean {
  const match = /^(\d{4})-/.exec(isoText);
  if (!match) return false;
  const year = Number(match[1]);
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

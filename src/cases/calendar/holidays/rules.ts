/** Date arithmetic the statutory holiday rules need: Easter, "first Monday of May", substitutes. */

const DAY_MS = 86_400_000;

export function ymd(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export const isWeekend = (date: string) => weekdayOf(date) >= 6;

/** Western (Gregorian) Easter Sunday — the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function westernEaster(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** Orthodox Easter Sunday (Julian computus) as a Gregorian date — Meeus' Julian algorithm. */
export function orthodoxEaster(year: number): string {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  const julianToGregorianDays = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  return addDays(ymd(year, month, day), julianToGregorianDays);
}

/** The n-th given weekday (ISO) of a month; n = -1 for the last one. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = ymd(year, month, 1);
    return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
  }
  const last = ymd(year, month + 1, 0);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/**
 * Holidays "with substitute days": one that falls on a weekend is observed on the next
 * weekday that is not already a holiday (UK bank holidays; Christmas and Boxing Day on a
 * weekend become the following Monday and Tuesday).
 */
export function withSubstitutes(holidays: readonly (readonly [string, string])[]): [string, string][] {
  const taken = new Set(holidays.filter(([date]) => !isWeekend(date)).map(([date]) => date));
  const observed: [string, string][] = [];
  for (const [date, name] of [...holidays].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isWeekend(date)) {
      observed.push([date, name]);
      continue;
    }
    let substitute = addDays(date, 1);
    while (isWeekend(substitute) || taken.has(substitute)) substitute = addDays(substitute, 1);
    taken.add(substitute);
    observed.push([substitute, `${name} (substitute day)`]);
  }
  return observed.sort(([a], [b]) => a.localeCompare(b));
}

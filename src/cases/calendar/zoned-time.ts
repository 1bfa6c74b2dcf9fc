/**
 * Wall-clock time in an IANA time zone, with nothing but Intl (full ICU ships with Node).
 * Business hours are written as local times ("09:00 in Europe/Stockholm"); deadlines are
 * instants. These two functions convert between them, DST included.
 *
 * Calendar days are handled as 'YYYY-MM-DD' text and stepped with UTC arithmetic, which
 * has no DST: only the conversion of a local time to an instant needs the zone.
 */

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows this IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock at `instantMs` in the zone, expressed as if it were UTC milliseconds. */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function offsetMs(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/** The local calendar date ('YYYY-MM-DD') of an instant in the zone. */
export function localDateOf(instant: Date | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant at which the zone's wall clock shows `minuteOfDay` on `date`
 * (minute 1440 is the next midnight). Around DST changes:
 *  - a time that does not exist (spring forward, 02:30 in Stockholm on the last Sunday of
 *    March) maps to the instant the clock jumps over it, read with the offset before the
 *    change — 02:30 becomes 03:30 summer time, so a working period loses that hour;
 *  - a time that happens twice (fall back) maps to the first occurrence.
 */
export function instantAt(date: string, minuteOfDay: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * MINUTE_MS;
  // Offsets a day before and after bracket any single transition near this time.
  const offsetBefore = offsetMs(wall - DAY_MS, timeZone);
  const offsetAfter = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter((t) => wallClockMs(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - offsetBefore;
}

/** The calendar date after `date`. */
export function nextDate(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

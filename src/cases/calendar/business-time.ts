import type { BusinessCalendar } from './business-calendar.ts';
import { instantAt, localDateOf, MINUTE_MS, nextDate } from './zoned-time.ts';

/**
 * Business-time arithmetic on a calendar: pure functions of their arguments, no clock.
 * Durations are minutes (fractions allowed, counted to the millisecond). Working periods are
 * local wall-clock times turned into instants day by day, so a DST change shortens or
 * lengthens only the periods that span it.
 */

/** No calendar with any working time goes this long without some: a guard against a calendar of only holidays. */
const MAX_DAYS_SCANNED = 366 * 10;

/** The working periods of one local date as instants (ms since the epoch), in order. */
export function workingIntervals(calendar: BusinessCalendar, date: string): [number, number][] {
  return calendar.day(date).periods
    .map(([start, end]): [number, number] => [instantAt(date, start, calendar.timeZone), instantAt(date, end, calendar.timeZone)])
    .filter(([start, end]) => end > start);
}

/**
 * The instant when `durationMinutes` of working time have passed since `start`. A start
 * outside working hours counts from the next working moment; a duration that ends exactly at
 * closing time ends at closing time (Friday 18:00), not at the next opening. Zero minutes
 * is `start` itself.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, durationMinutes: number): Date {
  if (!Number.isFinite(durationMinutes) || durationMinutes < 0) throw new RangeError(`durationMinutes must be a finite number ≥ 0, got ${durationMinutes}`);
  const startMs = start.getTime();
  let remainingMs = durationMinutes * MINUTE_MS;
  if (remainingMs === 0) return new Date(startMs);
  let date = localDateOf(startMs, calendar.timeZone);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, date = nextDate(date)) {
    for (const [from, to] of workingIntervals(calendar, date)) {
      const begin = Math.max(from, startMs);
      if (begin >= to) continue;
      if (to - begin >= remainingMs) return new Date(begin + remainingMs);
      remainingMs -= to - begin;
    }
  }
  throw new RangeError(`calendar ${calendar.id} has no working time in the ${MAX_DAYS_SCANNED} days after ${start.toISOString()}`);
}

/**
 * Working minutes between two instants (negative when `b` is before `a`). Fractions of a
 * minute are kept: SLA pauses are accounted to the millisecond.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return -businessMinutesBetween(calendar, b, a);
  let totalMs = 0;
  const lastDate = localDateOf(to, calendar.timeZone);
  for (let date = localDateOf(from, calendar.timeZone); date <= lastDate; date = nextDate(date)) {
    for (const [start, end] of workingIntervals(calendar, date)) {
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) totalMs += overlap;
    }
  }
  return totalMs / MINUTE_MS;
}

/** True when `at` falls inside a working period. */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  const ms = at.getTime();
  return workingIntervals(calendar, localDateOf(ms, calendar.timeZone)).some(([start, end]) => ms >= start && ms < end);
}

import { ISOInterval, getDate } from '@0dep/piso';

/**
 * When a timer start event next fires, from the clock's now: a duration counts from now,
 * a date is itself, a cycle (R3/PT10M, R/2026-01-01T00:00Z/P1D) gives its next occurrence
 * and how many remain (-1 = unbounded).
 */
export function nextStartTimerDue(timerType: string, value: string, now: Date): { dueAt: Date; repeat: number | null } {
  if (timerType === 'timeDate') return { dueAt: getDate(value), repeat: null };
  const parsed = new ISOInterval(value).parse();
  const dueAt = parsed.getExpireAt(now, now);
  if (timerType === 'timeCycle') return { dueAt, repeat: parsed.repeat ?? -1 };
  return { dueAt, repeat: null };
}

/** The occurrence after `previous` for a cycle, or undefined when none remain. */
export function followingCycleDue(value: string, previous: Date, repeatLeft: number): { dueAt: Date; repeat: number } | undefined {
  if (repeatLeft === 0 || repeatLeft === 1) return undefined;
  const parsed = new ISOInterval(value).parse();
  const next = parsed.getExpireAt(new Date(previous.getTime() + 1), previous);
  return { dueAt: next, repeat: repeatLeft < 0 ? -1 : repeatLeft - 1 };
}

/** A user task's due time from an ISO duration (from `from`) or an ISO date. */
export function dueFrom(value: string, from: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return getDate(value);
  const parsed = new ISOInterval(value).parse();
  return parsed.getExpireAt(from, from);
}

import { addBusinessTime, businessMinutesBetween, type BusinessCalendar } from '../calendar/index.ts';

/**
 * The SLA clock of a case, as pure arithmetic. The clock runs while the case is open and
 * stands still while it waits for the customer (or is resolved). Rather than patching due
 * dates by hand at every pause, a due date is always recomputed from the same three facts:
 *
 *   due = received_at + (target + business time spent paused so far), in business time
 *
 * so a priority change, a pause, a resume and a reopen all give the same answer by one
 * formula, and the stored due dates can be rebuilt from the row at any time.
 */

export interface SlaTargets {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

export interface SlaDueDates {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

export function slaDueDates(calendar: BusinessCalendar, receivedAt: Date, targets: SlaTargets, pausedBusinessSeconds: number): SlaDueDates {
  const due = (minutes: number | null) => (minutes == null ? null : addBusinessTime(calendar, receivedAt, minutes + pausedBusinessSeconds / 60));
  return { firstResponseDueAt: due(targets.firstResponseMinutes), resolutionDueAt: due(targets.resolutionMinutes) };
}

/** Business seconds between a pause and its end: what the resumed case gets back. Whole seconds. */
export function pausedBusinessSeconds(calendar: BusinessCalendar, pausedAt: Date, resumedAt: Date): number {
  return Math.max(0, Math.round(businessMinutesBetween(calendar, pausedAt, resumedAt) * 60));
}

/** Business minutes left until a due date (negative when overdue), counted from `from`. */
export function businessMinutesLeft(calendar: BusinessCalendar, from: Date, dueAt: Date): number {
  return Math.round(businessMinutesBetween(calendar, from, dueAt));
}

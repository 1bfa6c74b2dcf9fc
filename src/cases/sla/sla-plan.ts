import type { Db } from '../../platform/db/database.ts';
import type { BusinessCalendar } from '../calendar/index.ts';
import type { CaseRow } from '../case-model.ts';
import { chooseCalendarForCase } from './calendar-choice.ts';
import { loadCalendar } from './calendars.sql.ts';
import { findSlaPolicy } from './policies.sql.ts';
import { replanDueDates } from './sla-state.ts';

/**
 * Applies the SLA policy for the case's type and priority: copies its targets onto the case
 * (a later policy edit does not rewrite open cases' history), chooses the calendar — the
 * customer's, or the policy's (the team's) — records why, and recomputes the dues that still
 * count. Returns the calendar for further clock arithmetic.
 */
export async function applySlaPolicy(db: Db, next: CaseRow, customerId: number | null): Promise<BusinessCalendar | undefined> {
  const policy = await findSlaPolicy(db, next.type, next.priority);
  next.sla_policy_id = policy?.id ?? null;
  next.first_response_minutes = policy?.first_response_minutes ?? null;
  next.resolution_minutes = policy?.resolution_minutes ?? null;
  const choice = policy ? await chooseCalendarForCase(db, next.type, policy.calendar_id, customerId) : undefined;
  next.sla_calendar_id = choice?.calendarId ?? null;
  next.sla_calendar_basis = choice?.basis ?? null;
  next.sla_calendar_place = choice?.place ?? null;
  const calendar = choice ? await loadCalendar(db, choice.calendarId) : undefined;
  replanDueDates(next, calendar);
  return calendar;
}

/** The calendar a case's clock runs on, if it has an SLA. */
export async function calendarOfCase(db: Db, row: CaseRow): Promise<BusinessCalendar | undefined> {
  return row.sla_calendar_id ? loadCalendar(db, row.sla_calendar_id) : undefined;
}

import type { BusinessCalendar } from '../calendar/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { STATUS_TRANSITIONS, type CaseRow, type CaseStatus } from '../case-model.ts';
import { pausedBusinessSeconds, slaDueDates } from './sla-clock.ts';

/** An event a state change produces, written by the service with its actor and time. */
export interface PlannedEvent {
  kind: string;
  data: Record<string, unknown>;
}

/**
 * Recomputes the due dates of targets that still count — not met, not already breached (a
 * breach is history: moving its deadline later would rewrite an SLA report).
 */
export function replanDueDates(next: CaseRow, calendar: BusinessCalendar | undefined): void {
  if (!calendar) {
    next.first_response_due_at = next.first_responded_at || next.first_response_breached_at ? next.first_response_due_at : null;
    next.resolution_due_at = next.resolved_at || next.resolution_breached_at ? next.resolution_due_at : null;
    return;
  }
  const dues = slaDueDates(
    calendar,
    next.received_at,
    { firstResponseMinutes: next.first_response_minutes, resolutionMinutes: next.resolution_minutes },
    next.sla_paused_business_seconds,
  );
  if (!next.first_responded_at && !next.first_response_breached_at) next.first_response_due_at = dues.firstResponseDueAt;
  if (!next.resolved_at && !next.resolution_breached_at) next.resolution_due_at = dues.resolutionDueAt;
}

const dueDatesOf = (row: CaseRow) => ({ first_response_due_at: row.first_response_due_at, resolution_due_at: row.resolution_due_at });

/** Sets the first response once; later calls change nothing. */
export function markFirstResponse(next: CaseRow, at: Date, how: string): PlannedEvent[] {
  if (next.first_responded_at) return [];
  next.first_responded_at = at;
  const onTime = !next.first_response_due_at || at <= next.first_response_due_at;
  return [{ kind: 'first_response', data: { how, due_at: next.first_response_due_at, on_time: onTime } }];
}

/**
 * Moves a case to another status and runs its SLA clock accordingly: the clock stops when
 * the case leaves 'open' (waiting for the customer, resolved, closed) and, when it comes
 * back to 'open', the business time it stood still is added to the paused total and the
 * dues move out by exactly that much.
 */
export function applyStatusChange(next: CaseRow, to: CaseStatus, at: Date, calendar: BusinessCalendar | undefined): PlannedEvent[] {
  const from = next.status;
  if (from === to) return [];
  if (!STATUS_TRANSITIONS[from].includes(to)) {
    throw new AppError('conflict', `a ${from.replace('_', ' ')} case cannot become ${to.replace('_', ' ')}`, 'cases.status_transition', {
      errors: [{ field: 'body.status', message: `cannot change from ${from} to ${to}` }],
    });
  }
  const events: PlannedEvent[] = [{ kind: 'status_changed', data: { from, to } }];
  next.status = to;

  if (from === 'open') {
    next.sla_paused_at = at;
    if (to === 'waiting_customer') events.push({ kind: 'sla_paused', data: { reason: 'waiting for the customer', ...dueDatesOf(next) } });
  }
  if (to === 'open') {
    const pausedSeconds = calendar && next.sla_paused_at ? pausedBusinessSeconds(calendar, next.sla_paused_at, at) : 0;
    next.sla_paused_business_seconds += pausedSeconds;
    next.sla_paused_at = null;
    if (from === 'resolved') next.resolved_at = null;
    replanDueDates(next, calendar);
    events.push({ kind: 'sla_resumed', data: { paused_business_minutes: Math.round(pausedSeconds / 60), ...dueDatesOf(next) } });
  }
  if (to === 'waiting_customer' || to === 'resolved') events.push(...markFirstResponse(next, at, to === 'resolved' ? 'resolved' : 'asked the customer'));
  if (to === 'resolved') {
    next.resolved_at = at;
    const onTime = !next.resolution_due_at || at <= next.resolution_due_at;
    events[0]!.data.resolution_on_time = onTime;
  }
  if (to === 'closed') next.closed_at = at;
  return events;
}

import type { Db } from '../platform/db/database.ts';
import { caseNotFound } from './case-errors.ts';
import { listAttachments, type CaseAttachment } from './case-attachments.ts';
import { listLinks, type CaseLink } from './case-links.ts';
import { CASE_COLUMNS, type CaseRow } from './case-model.ts';
import { calendarOfCase } from './sla/sla-plan.ts';
import { businessMinutesLeft } from './sla/sla-clock.ts';

export interface SlaTargetView {
  target_minutes: number | null;
  due_at: Date | null;
  met_at: Date | null;
  breached_at: Date | null;
  /** Business minutes to the deadline (negative: overdue); frozen while the clock is paused; null when met or no target. */
  business_minutes_left: number | null;
}

export interface SlaView {
  policy_id: number | null;
  calendar_id: string | null;
  /** The calendar the clock counts on, and why it is this one (the customer's place or the team's). */
  calendar: { id: string; name: string; time_zone: string; holiday_region: string | null; basis: CaseRow['sla_calendar_basis']; place: string | null } | null;
  /** The clock stands still: the case waits for the customer, or is resolved or closed. */
  paused: boolean;
  paused_since: Date | null;
  paused_business_minutes: number;
  first_response: SlaTargetView;
  resolution: SlaTargetView;
}

export interface CaseDetail {
  case: CaseRow;
  owner: { id: number; name: string; email: string } | null;
  sla: SlaView;
  links: CaseLink[];
  attachments: CaseAttachment[];
  comment_count: number;
}

export async function getCase(db: Db, id: number): Promise<CaseRow> {
  const [row] = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id]);
  if (!row) throw caseNotFound(id);
  return row;
}

/** A case as its page shows it: the row, owner, SLA state as of `now`, links, attachments. */
export async function getCaseDetail(db: Db, id: number, now: Date): Promise<CaseDetail> {
  const row = await getCase(db, id);
  const [owner] = row.owner_id ? await db.query<{ id: number; name: string; email: string }>('SELECT id, name, email FROM users WHERE id = $1', [row.owner_id]) : [];
  const [comments] = await db.query<{ n: number }>('SELECT count(*) AS n FROM case_comments WHERE case_id = $1', [id]);
  return {
    case: row,
    owner: owner ?? null,
    sla: await slaView(db, row, now),
    links: await listLinks(db, id),
    attachments: await listAttachments(db, id),
    comment_count: comments?.n ?? 0,
  };
}

async function slaView(db: Db, row: CaseRow, now: Date): Promise<SlaView> {
  const calendar = await calendarOfCase(db, row);
  const clockAt = row.sla_paused_at ?? now;
  const target = (minutes: number | null, due: Date | null, met: Date | null, breached: Date | null): SlaTargetView => ({
    target_minutes: minutes,
    due_at: due,
    met_at: met,
    breached_at: breached,
    business_minutes_left: calendar && due && !met ? businessMinutesLeft(calendar, clockAt, due) : null,
  });
  return {
    policy_id: row.sla_policy_id,
    calendar_id: row.sla_calendar_id,
    calendar: calendar
      ? { id: calendar.id, name: calendar.name, time_zone: calendar.timeZone, holiday_region: calendar.holidayRegion, basis: row.sla_calendar_basis, place: row.sla_calendar_place }
      : null,
    paused: row.sla_paused_at !== null,
    paused_since: row.sla_paused_at,
    paused_business_minutes: Math.round(row.sla_paused_business_seconds / 60),
    first_response: target(row.first_response_minutes, row.first_response_due_at, row.first_responded_at, row.first_response_breached_at),
    resolution: target(row.resolution_minutes, row.resolution_due_at, row.resolved_at, row.resolution_breached_at),
  };
}

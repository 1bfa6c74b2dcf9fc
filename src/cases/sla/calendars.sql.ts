import type { Db } from '../../platform/db/database.ts';
import { buildBusinessCalendar, type BusinessCalendar, type WeeklyHours } from '../calendar/index.ts';

export interface CalendarRow {
  id: string;
  name: string;
  time_zone: string;
  weekly_hours: WeeklyHours;
  holiday_region: string | null;
}

// Built calendars keep their per-year holiday lookups; the row text is part of the key so an
// edited row is rebuilt, and nothing is ever stale across nodes.
const built = new Map<string, { key: string; calendar: BusinessCalendar }>();

export function calendarOf(row: CalendarRow): BusinessCalendar {
  const key = JSON.stringify([row.name, row.time_zone, row.weekly_hours, row.holiday_region]);
  const cached = built.get(row.id);
  if (cached?.key === key) return cached.calendar;
  const calendar = buildBusinessCalendar({ id: row.id, name: row.name, timeZone: row.time_zone, weeklyHours: row.weekly_hours, holidayRegion: row.holiday_region });
  built.set(row.id, { key, calendar });
  return calendar;
}

export async function listCalendarRows(db: Db): Promise<CalendarRow[]> {
  return db.query<CalendarRow>('SELECT id, name, time_zone, weekly_hours, holiday_region FROM business_calendars ORDER BY id');
}

export async function loadCalendar(db: Db, id: string): Promise<BusinessCalendar | undefined> {
  const [row] = await db.query<CalendarRow>('SELECT id, name, time_zone, weekly_hours, holiday_region FROM business_calendars WHERE id = $1', [id]);
  return row ? calendarOf(row) : undefined;
}

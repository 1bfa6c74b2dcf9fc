import { buildBusinessCalendar, holidayRegion, type BusinessCalendar } from '../../cases/calendar/index.ts';
import type { Db } from '../../platform/db/database.ts';

/** The country key of shipments whose destination country nobody recorded. */
export const NO_COUNTRY = '--';

const WEEKDAYS = { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] } as const;

/**
 * A country's working days: Monday to Friday without its public holidays (and with its
 * transferred working days) where Rebound ships a holiday calendar for it (src/cases/calendar);
 * Monday to Friday alone where it does not — a fallback each delay record names in its
 * `calendar` column ('weekdays: no calendar for DE'), so nobody mistakes it for the real one.
 */
export function countryCalendar(country: string): { calendar: BusinessCalendar; label: string } {
  const region = country !== NO_COUNTRY && holidayRegion(country) ? country : null;
  const calendar = buildBusinessCalendar({ id: `delivery-${country}`, timeZone: 'UTC', weeklyHours: WEEKDAYS, holidayRegion: region });
  return { calendar, label: region ?? (country === NO_COUNTRY ? 'weekdays: no destination country' : `weekdays: no calendar for ${country}`) };
}

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Writes the working days of every destination country of an open shipment from `fromDay`
 * to `toDay` into delivery_calendar_days with running counts of working and non-working days,
 * so the sweep counts days late by subtraction. Days already there are kept; a few hundred rows
 * per country, written once.
 */
export async function materialiseCalendarDays(db: Db, countries: readonly string[], fromDay: string, toDay: string): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const countryList: string[] = [];
  const days: string[] = [];
  const working: boolean[] = [];
  const changed: string[] = [];
  for (const country of new Set([...countries, NO_COUNTRY])) {
    const { calendar, label } = countryCalendar(country);
    labels.set(country, label);
    // Kept contiguous per country, so that the running indexes count every day between two dates.
    const [have] = await db.query<{ first: string | null; last: string | null; n: number }>(
      'SELECT min(day)::text AS first, max(day)::text AS last, count(*)::int AS n FROM delivery_calendar_days WHERE country = $1', [country]);
    const from = have?.first && have.first < fromDay ? have.first : fromDay;
    const to = have?.last && have.last > toDay ? have.last : toDay;
    const expected = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    if ((have?.n ?? 0) >= expected && have?.first === from && have.last === to) continue;
    changed.push(country);
    for (let day = from; day <= to; day = addDays(day, 1)) {
      countryList.push(country);
      days.push(day);
      working.push(calendar.day(day).periods.length > 0);
    }
  }
  if (days.length) {
    await db.query(
      `INSERT INTO delivery_calendar_days (country, day, working)
       SELECT * FROM unnest($1::text[], $2::date[], $3::boolean[]) ON CONFLICT DO NOTHING`,
      [countryList, days, working]);
    await db.query(
      `UPDATE delivery_calendar_days d SET working_index = x.wi, nonworking_index = x.nwi
       FROM (SELECT country, day, count(*) FILTER (WHERE working) OVER w AS wi, count(*) FILTER (WHERE NOT working) OVER w AS nwi
             FROM delivery_calendar_days WHERE country = ANY($1::text[]) WINDOW w AS (PARTITION BY country ORDER BY day)) x
       WHERE d.country = x.country AND d.day = x.day`,
      [changed]);
  }
  return labels;
}

export { addDays };

import type { Db } from '../../platform/db/database.ts';

/**
 * Which business calendar a case's SLA counts on, and why (issue 11: every case used to run
 * on the Moscow calendar, British customers included). A case type set to 'customer' takes
 * the calendar of the customer's region where one is configured (GB nations differ in bank
 * holidays), else of their country; with no customer, or a place no calendar serves, it
 * falls back to the policy's calendar — the team's. A type set to 'team' always uses the
 * policy's (a delivery incident's 24 clock hours hold wherever the customer lives).
 */
export type CalendarBasis = 'customer_region' | 'customer_country' | 'team_default' | 'team_configured';
export type CalendarSource = 'customer' | 'team';
export const CALENDAR_SOURCES: readonly CalendarSource[] = ['customer', 'team'];

export interface CalendarPlace {
  country: string;
  /** '' for the whole country. */
  region: string;
  calendar_id: string;
}

export interface CustomerPlace {
  country: string | null;
  region: string | null;
}

export interface CalendarChoice {
  calendarId: string;
  basis: CalendarBasis;
  /** The customer's place the choice was made from ("GB / Scotland"), or null. */
  place: string | null;
}

const placeLabel = (customer: CustomerPlace | null) =>
  customer?.country ? [customer.country, customer.region?.trim()].filter(Boolean).join(' / ') : null;

export function chooseSlaCalendar(input: {
  source: CalendarSource;
  teamCalendarId: string;
  customer: CustomerPlace | null;
  places: readonly CalendarPlace[];
}): CalendarChoice {
  const { customer } = input;
  const place = placeLabel(customer);
  if (input.source === 'team') return { calendarId: input.teamCalendarId, basis: 'team_configured', place };
  const country = customer?.country?.trim().toUpperCase();
  const region = customer?.region?.trim().toLowerCase();
  if (country) {
    const ofRegion = region ? input.places.find((p) => p.country === country && p.region !== '' && p.region.toLowerCase() === region) : undefined;
    if (ofRegion) return { calendarId: ofRegion.calendar_id, basis: 'customer_region', place };
    const ofCountry = input.places.find((p) => p.country === country && p.region === '');
    if (ofCountry) return { calendarId: ofCountry.calendar_id, basis: 'customer_country', place };
  }
  return { calendarId: input.teamCalendarId, basis: 'team_default', place };
}

export async function listCalendarPlaces(db: Db): Promise<CalendarPlace[]> {
  return db.query<CalendarPlace>('SELECT country, region, calendar_id FROM sla_calendar_places ORDER BY country, region');
}

/** The choice for a case of `caseType` whose policy runs on `teamCalendarId`, for its customer (if any). */
export async function chooseCalendarForCase(db: Db, caseType: string, teamCalendarId: string, customerId: number | null): Promise<CalendarChoice> {
  const [type] = await db.query<{ sla_calendar_source: CalendarSource }>('SELECT sla_calendar_source FROM case_types WHERE type = $1', [caseType]);
  const [customer] = customerId ? await db.query<CustomerPlace>('SELECT country, region FROM customers WHERE id = $1', [customerId]) : [];
  const places = customer?.country
    ? await db.query<CalendarPlace>('SELECT country, region, calendar_id FROM sla_calendar_places WHERE country = upper($1)', [customer.country])
    : [];
  return chooseSlaCalendar({ source: type?.sla_calendar_source ?? 'customer', teamCalendarId, customer: customer ?? null, places });
}

/** The customer a case is about: its first customer link. */
export async function customerOfCase(db: Db, caseId: number): Promise<number | null> {
  const [link] = await db.query<{ target_id: number }>("SELECT target_id FROM case_links WHERE case_id = $1 AND kind = 'customer' AND target_id IS NOT NULL ORDER BY id LIMIT 1", [caseId]);
  return link ? Number(link.target_id) : null;
}

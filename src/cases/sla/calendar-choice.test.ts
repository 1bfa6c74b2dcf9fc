import { describe, expect, it } from 'vitest';
import { chooseSlaCalendar, type CalendarPlace, type CustomerPlace } from './calendar-choice.ts';

// What migration 002 ships: one calendar per country, and the GB nations whose bank holidays differ.
const places: CalendarPlace[] = [
  { country: 'RU', region: '', calendar_id: 'ru-moscow' },
  { country: 'SE', region: '', calendar_id: 'se-stockholm' },
  { country: 'GB', region: '', calendar_id: 'gb-london' },
  { country: 'GB', region: 'Scotland', calendar_id: 'gb-scotland' },
];
const choose = (customer: CustomerPlace | null, source: 'customer' | 'team' = 'customer') =>
  chooseSlaCalendar({ source, teamCalendarId: 'ru-moscow', customer, places: places.filter((p) => p.country === customer?.country?.toUpperCase()) });

describe('the SLA calendar of a case follows its customer', () => {
  it('gives a customer in England the England and Wales calendar, not the Moscow one', () => {
    expect(choose({ country: 'GB', region: 'Greater London' })).toEqual({ calendarId: 'gb-london', basis: 'customer_country', place: 'GB / Greater London' });
  });

  it('gives a customer in Scotland the Scottish calendar (their region, matched whatever its case)', () => {
    expect(choose({ country: 'GB', region: 'scotland ' })).toMatchObject({ calendarId: 'gb-scotland', basis: 'customer_region' });
  });

  it('gives a Russian customer the Russian production calendar because of their country', () => {
    expect(choose({ country: 'RU', region: 'Свердловская область' })).toMatchObject({ calendarId: 'ru-moscow', basis: 'customer_country' });
  });

  it("falls back to the team's calendar for a country no calendar serves, and says so", () => {
    expect(choose({ country: 'US', region: 'California' })).toEqual({ calendarId: 'ru-moscow', basis: 'team_default', place: 'US / California' });
  });

  it("falls back to the team's calendar without a customer or without their country", () => {
    expect(choose(null)).toEqual({ calendarId: 'ru-moscow', basis: 'team_default', place: null });
    expect(choose({ country: null, region: 'Scotland' })).toEqual({ calendarId: 'ru-moscow', basis: 'team_default', place: null });
  });

  it("keeps the team's calendar when the case type is configured so, whoever the customer is", () => {
    expect(choose({ country: 'GB', region: 'Scotland' }, 'team')).toEqual({ calendarId: 'ru-moscow', basis: 'team_configured', place: 'GB / Scotland' });
  });
});

import { describe, expect, it } from 'vitest';
import { buildBusinessCalendar, type CalendarDefinition } from './business-calendar.ts';
import { addBusinessTime, businessMinutesBetween, isWorkingTime } from './business-time.ts';

const weekdays = (hours: readonly (readonly [string, string])[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

const moscowOffice = buildBusinessCalendar({ id: 'msk', timeZone: 'Europe/Moscow', weeklyHours: weekdays([['09:00', '18:00']]), holidayRegion: 'RU' });
const stockholmOffice = buildBusinessCalendar({ id: 'sto', timeZone: 'Europe/Stockholm', weeklyHours: weekdays([['08:00', '17:00']]), holidayRegion: 'SE' });
const allDay = [['00:00', '24:00']] as const;
const stockholmAroundTheClock = buildBusinessCalendar({
  id: 'sto-24x7',
  timeZone: 'Europe/Stockholm',
  weeklyHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
});

// Moscow is UTC+3 all year, which keeps the expected instants easy to read.
const msk = (local: string) => new Date(`${local}+03:00`);
const add = (calendar = moscowOffice, start: Date, minutes: number) => addBusinessTime(calendar, start, minutes).toISOString();

describe('addBusinessTime on ordinary weeks', () => {
  it('counts only working hours and skips the weekend', () => {
    expect(add(moscowOffice, msk('2025-10-17T17:00'), 120)).toBe(msk('2025-10-20T10:00').toISOString());
  });

  it('ends at closing time when the time runs out exactly then, not at the next opening', () => {
    expect(add(moscowOffice, msk('2025-10-17T16:00'), 120)).toBe(msk('2025-10-17T18:00').toISOString());
  });

  it('starts counting at the next opening when started outside working hours', () => {
    expect(add(moscowOffice, msk('2025-10-18T12:00'), 60)).toBe(msk('2025-10-20T10:00').toISOString()); // Saturday
    expect(add(moscowOffice, msk('2025-10-21T07:00'), 30)).toBe(msk('2025-10-21T09:30').toISOString()); // before opening
    expect(add(moscowOffice, msk('2025-10-21T20:00'), 30)).toBe(msk('2025-10-22T09:30').toISOString()); // after closing
  });

  it('spans several days: five working days of nine hours are one calendar week', () => {
    expect(add(moscowOffice, msk('2025-10-20T09:00'), 5 * 9 * 60)).toBe(msk('2025-10-24T18:00').toISOString());
    expect(add(moscowOffice, msk('2025-10-20T12:00'), 5 * 9 * 60)).toBe(msk('2025-10-27T12:00').toISOString());
  });

  it('skips a lunch break between two periods of a day', () => {
    const withLunch = buildBusinessCalendar({ id: 'lunch', timeZone: 'Europe/Moscow', weeklyHours: weekdays([['09:00', '13:00'], ['14:00', '18:00']]) });
    expect(add(withLunch, msk('2025-10-21T12:30'), 60)).toBe(msk('2025-10-21T14:30').toISOString());
    expect(businessMinutesBetween(withLunch, msk('2025-10-21T12:00'), msk('2025-10-21T15:00'))).toBe(120);
  });

  it('returns the start for zero minutes and refuses a negative or infinite duration', () => {
    const start = msk('2025-10-18T12:00');
    expect(addBusinessTime(moscowOffice, start, 0).getTime()).toBe(start.getTime());
    expect(() => addBusinessTime(moscowOffice, start, -1)).toThrow(RangeError);
    expect(() => addBusinessTime(moscowOffice, start, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('keeps fractions of a minute', () => {
    expect(add(moscowOffice, msk('2025-10-21T10:00'), 1.5)).toBe(msk('2025-10-21T10:01:30').toISOString());
  });
});

describe('the Russian production calendar', () => {
  it('skips the New Year holidays 31 December 2025 – 11 January 2026 (decree No. 1466 moved 3 January to 9 January)', () => {
    expect(add(moscowOffice, msk('2025-12-30T17:00'), 120)).toBe(msk('2026-01-12T10:00').toISOString());
  });

  it('skips 1–4 May 2025 and ends the short pre-holiday 30 April an hour early', () => {
    expect(add(moscowOffice, msk('2025-04-30T16:00'), 120)).toBe(msk('2025-05-05T10:00').toISOString());
    expect(isWorkingTime(moscowOffice, msk('2025-04-30T17:30'))).toBe(false);
  });

  it('skips 8–11 May and 12–15 June 2025 (days moved from 23 February and 8 March)', () => {
    expect(add(moscowOffice, msk('2025-05-07T17:00'), 120)).toBe(msk('2025-05-12T10:00').toISOString());
    expect(add(moscowOffice, msk('2025-06-10T17:00'), 9 * 60 + 60)).toBe(msk('2025-06-16T10:00').toISOString()); // 11 June is 8 h
  });

  it('works the transferred Saturday 1 November 2025 (a short day) and skips 2–4 November', () => {
    expect(add(moscowOffice, msk('2025-10-31T17:00'), 120)).toBe(msk('2025-11-01T10:00').toISOString());
    expect(add(moscowOffice, msk('2025-11-01T16:30'), 60)).toBe(msk('2025-11-05T09:30').toISOString());
    expect(isWorkingTime(moscowOffice, msk('2025-11-01T12:00'))).toBe(true);
    expect(isWorkingTime(moscowOffice, msk('2025-11-03T12:00'))).toBe(false);
  });

  it('counts a start on a public holiday from the next working morning', () => {
    expect(add(moscowOffice, msk('2025-06-12T11:00'), 30)).toBe(msk('2025-06-16T09:30').toISOString());
  });

  it.each([
    [2025, 247, 1972],
    [2026, 247, 1972],
  ])('has the published norm for %i: %i working days, %i hours on an eight-hour day', (year, days, hours) => {
    const eightHours = buildBusinessCalendar({ id: 'norm', timeZone: 'Europe/Moscow', weeklyHours: weekdays([['09:00', '13:00'], ['14:00', '18:00']]), holidayRegion: 'RU' });
    expect(businessMinutesBetween(eightHours, msk(`${year}-01-01T00:00`), msk(`${year + 1}-01-01T00:00`))).toBe(hours * 60);
    let workingDays = 0;
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) {
      if (eightHours.day(d.toISOString().slice(0, 10)).periods.length > 0) workingDays++;
    }
    expect(workingDays).toBe(days);
  });
});

describe('Sweden, across daylight-saving changes in Europe/Stockholm', () => {
  it('keeps opening at 08:00 local after clocks go forward (30 March 2025)', () => {
    // Friday 16:00 CET (15:00Z) + 2 h: one hour on Friday, one on Monday from 08:00 CEST (06:00Z).
    expect(add(stockholmOffice, new Date('2025-03-28T15:00:00Z'), 120)).toBe('2025-03-31T07:00:00.000Z');
  });

  it('keeps opening at 08:00 local after clocks go back (26 October 2025)', () => {
    expect(add(stockholmOffice, new Date('2025-10-24T14:00:00Z'), 120)).toBe('2025-10-27T08:00:00.000Z');
  });

  it('counts 23 hours on the spring-forward day and 25 on the fall-back day around the clock', () => {
    expect(businessMinutesBetween(stockholmAroundTheClock, new Date('2025-03-29T23:00:00Z'), new Date('2025-03-30T22:00:00Z'))).toBe(23 * 60);
    expect(businessMinutesBetween(stockholmAroundTheClock, new Date('2025-10-25T22:00:00Z'), new Date('2025-10-26T23:00:00Z'))).toBe(25 * 60);
  });

  it('adds real elapsed time through the missing hour: 00:30 + 2 h is 03:30 summer time', () => {
    expect(add(stockholmAroundTheClock, new Date('2025-03-29T23:30:00Z'), 120)).toBe('2025-03-30T01:30:00.000Z');
  });

  it('loses the hour that does not exist from a period that spans it', () => {
    const night = buildBusinessCalendar({ id: 'night', timeZone: 'Europe/Stockholm', weeklyHours: { sun: [['01:00', '04:00']] } });
    expect(businessMinutesBetween(night, new Date('2025-03-29T00:00:00Z'), new Date('2025-03-31T00:00:00Z'))).toBe(120);
    expect(businessMinutesBetween(night, new Date('2025-10-25T00:00:00Z'), new Date('2025-10-27T00:00:00Z'))).toBe(240);
  });

  it('skips Midsummer Eve and Christmas Eve, which offices close although they are not helgdagar', () => {
    expect(add(stockholmOffice, new Date('2025-06-19T14:00:00Z'), 120)).toBe('2025-06-23T07:00:00.000Z'); // Thu 16:00 CEST
    expect(add(stockholmOffice, new Date('2025-12-23T15:30:00Z'), 60)).toBe('2025-12-29T07:30:00.000Z'); // 24–26 Dec, weekend
  });
});

describe('regions of one country differ', () => {
  it('is a working day in England on 4 August 2025 and a bank holiday in Scotland', () => {
    const office = (holidayRegion: string): CalendarDefinition => ({ id: holidayRegion, timeZone: 'Europe/London', weeklyHours: weekdays([['09:00', '17:00']]), holidayRegion });
    const monday = new Date('2025-08-04T10:00:00Z'); // 11:00 BST
    expect(isWorkingTime(buildBusinessCalendar(office('GB-ENG')), monday)).toBe(true);
    expect(isWorkingTime(buildBusinessCalendar(office('GB-SCT')), monday)).toBe(false);
    expect(isWorkingTime(buildBusinessCalendar(office('GB-NIR')), new Date('2025-07-14T10:00:00Z'))).toBe(false); // Boyne substitute
  });

  it('has no public days off in Ukraine while martial law suspends them', () => {
    const kyiv = buildBusinessCalendar({ id: 'kyiv', timeZone: 'Europe/Kyiv', weeklyHours: weekdays([['09:00', '18:00']]), holidayRegion: 'UA' });
    expect(kyiv.day('2025-08-25').kind).toBe('working'); // would be the substitute for Independence Day in peacetime
    expect(kyiv.day('2025-12-25').kind).toBe('working');
  });
});

describe('businessMinutesBetween', () => {
  it('is the inverse of addBusinessTime for any start and duration (seeded random cases)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const calendar of [moscowOffice, stockholmOffice]) {
      for (let i = 0; i < 200; i++) {
        const start = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 700 * 86_400_000));
        const minutes = Math.floor(random() * 20_000);
        const end = addBusinessTime(calendar, start, minutes);
        expect(businessMinutesBetween(calendar, start, end)).toBeCloseTo(minutes, 6);
      }
    }
  });

  it('is negative when the second instant comes first, and zero over a weekend', () => {
    expect(businessMinutesBetween(moscowOffice, msk('2025-10-21T12:00'), msk('2025-10-21T10:00'))).toBe(-120);
    expect(businessMinutesBetween(moscowOffice, msk('2025-10-18T00:00'), msk('2025-10-20T09:00'))).toBe(0);
  });
});

describe('calendar definitions', () => {
  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ weeklyHours: { mon: [['18:00', '09:00']] } }, 'weeklyHours.mon[0]'],
    [{ weeklyHours: { mon: [['9am', '5pm']] } }, 'weeklyHours.mon[0]'],
    [{ weeklyHours: { mon: [['09:00', '13:00'], ['12:00', '18:00']] } }, 'weeklyHours.mon'],
    [{ weeklyHours: {} }, 'weeklyHours'],
    [{ holidayRegion: 'XX' }, 'holidayRegion'],
  ])('refuses %j naming the field %s', (override, field) => {
    const definition = { id: 'x', timeZone: 'Europe/Moscow', weeklyHours: weekdays([['09:00', '18:00']]), ...override } as CalendarDefinition;
    expect(() => buildBusinessCalendar(definition)).toThrow(expect.objectContaining({ field }));
  });
});

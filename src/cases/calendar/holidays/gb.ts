import type { HolidayRegion, HolidayYear } from './types.ts';
import { addDays, nthWeekday, westernEaster, withSubstitutes, ymd } from './rules.ts';

/**
 * United Kingdom bank holidays, which differ by nation: England and Wales share one list,
 * Scotland and Northern Ireland have their own. Source: the UK Government's published list
 * (https://www.gov.uk/bank-holidays, also as JSON at /bank-holidays.json), under the
 * Banking and Financial Dealings Act 1971 and royal proclamations. A holiday on a weekend
 * gets a substitute weekday. Proclamations occasionally add or move a day (2022 jubilee,
 * 2023 coronation), which the rules below cannot know: enter such years as data.
 */

const SOURCE = 'gov.uk/bank-holidays (Banking and Financial Dealings Act 1971, royal proclamations)';

const ENGLAND_AND_WALES: Record<number, HolidayYear> = {
  2025: {
    source: SOURCE,
    daysOff: [
      ['2025-01-01', "New Year's Day"],
      ['2025-04-18', 'Good Friday'],
      ['2025-04-21', 'Easter Monday'],
      ['2025-05-05', 'Early May bank holiday'],
      ['2025-05-26', 'Spring bank holiday'],
      ['2025-08-25', 'Summer bank holiday'],
      ['2025-12-25', 'Christmas Day'],
      ['2025-12-26', 'Boxing Day'],
    ],
  },
  2026: {
    source: SOURCE,
    daysOff: [
      ['2026-01-01', "New Year's Day"],
      ['2026-04-03', 'Good Friday'],
      ['2026-04-06', 'Easter Monday'],
      ['2026-05-04', 'Early May bank holiday'],
      ['2026-05-25', 'Spring bank holiday'],
      ['2026-08-31', 'Summer bank holiday'],
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-28', 'Boxing Day (substitute day)'],
    ],
  },
};

const SCOTLAND: Record<number, HolidayYear> = {
  2025: {
    source: SOURCE,
    daysOff: [
      ['2025-01-01', "New Year's Day"],
      ['2025-01-02', '2nd January'],
      ['2025-04-18', 'Good Friday'],
      ['2025-05-05', 'Early May bank holiday'],
      ['2025-05-26', 'Spring bank holiday'],
      ['2025-08-04', 'Summer bank holiday'],
      ['2025-12-01', "St Andrew's Day (substitute day)"],
      ['2025-12-25', 'Christmas Day'],
      ['2025-12-26', 'Boxing Day'],
    ],
  },
  2026: {
    source: SOURCE,
    daysOff: [
      ['2026-01-01', "New Year's Day"],
      ['2026-01-02', '2nd January'],
      ['2026-04-03', 'Good Friday'],
      ['2026-05-04', 'Early May bank holiday'],
      ['2026-05-25', 'Spring bank holiday'],
      ['2026-08-03', 'Summer bank holiday'],
      ['2026-11-30', "St Andrew's Day"],
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-28', 'Boxing Day (substitute day)'],
    ],
  },
};

const NORTHERN_IRELAND: Record<number, HolidayYear> = {
  2025: {
    source: SOURCE,
    daysOff: [
      ['2025-01-01', "New Year's Day"],
      ['2025-03-17', "St Patrick's Day"],
      ['2025-04-18', 'Good Friday'],
      ['2025-04-21', 'Easter Monday'],
      ['2025-05-05', 'Early May bank holiday'],
      ['2025-05-26', 'Spring bank holiday'],
      ['2025-07-14', 'Battle of the Boyne (substitute day)'],
      ['2025-08-25', 'Summer bank holiday'],
      ['2025-12-25', 'Christmas Day'],
      ['2025-12-26', 'Boxing Day'],
    ],
  },
  2026: {
    source: SOURCE,
    daysOff: [
      ['2026-01-01', "New Year's Day"],
      ['2026-03-17', "St Patrick's Day"],
      ['2026-04-03', 'Good Friday'],
      ['2026-04-06', 'Easter Monday'],
      ['2026-05-04', 'Early May bank holiday'],
      ['2026-05-25', 'Spring bank holiday'],
      ['2026-07-13', 'Battle of the Boyne (substitute day)'],
      ['2026-08-31', 'Summer bank holiday'],
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-28', 'Boxing Day (substitute day)'],
    ],
  },
};

type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';

function ruleYear(nation: Nation, year: number): HolidayYear {
  const easter = westernEaster(year);
  const MONDAY = 1;
  const fixed: [string, string][] = [
    [ymd(year, 1, 1), "New Year's Day"],
    [ymd(year, 12, 25), 'Christmas Day'],
    [ymd(year, 12, 26), 'Boxing Day'],
  ];
  const moving: [string, string][] = [
    [addDays(easter, -2), 'Good Friday'],
    [nthWeekday(year, 5, MONDAY, 1), 'Early May bank holiday'],
    [nthWeekday(year, 5, MONDAY, -1), 'Spring bank holiday'],
  ];
  if (nation !== 'scotland') {
    moving.push([addDays(easter, 1), 'Easter Monday'], [nthWeekday(year, 8, MONDAY, -1), 'Summer bank holiday']);
  }
  if (nation === 'scotland') {
    fixed.push([ymd(year, 1, 2), '2nd January'], [ymd(year, 11, 30), "St Andrew's Day"]);
    moving.push([nthWeekday(year, 8, MONDAY, 1), 'Summer bank holiday']);
  }
  if (nation === 'northern-ireland') {
    fixed.push([ymd(year, 3, 17), "St Patrick's Day"], [ymd(year, 7, 12), 'Battle of the Boyne']);
  }
  return { source: `${SOURCE} (computed by rule)`, daysOff: [...moving, ...withSubstitutes(fixed)].sort(([a], [b]) => a.localeCompare(b)), provisional: true };
}

export const GB_ENG: HolidayRegion = {
  code: 'GB-ENG',
  name: 'United Kingdom — England and Wales',
  years: ENGLAND_AND_WALES,
  provisionalYear: (year) => ruleYear('england-and-wales', year),
};
export const GB_WLS: HolidayRegion = { ...GB_ENG, code: 'GB-WLS' };
export const GB_SCT: HolidayRegion = { code: 'GB-SCT', name: 'United Kingdom — Scotland', years: SCOTLAND, provisionalYear: (year) => ruleYear('scotland', year) };
export const GB_NIR: HolidayRegion = {
  code: 'GB-NIR',
  name: 'United Kingdom — Northern Ireland',
  years: NORTHERN_IRELAND,
  provisionalYear: (year) => ruleYear('northern-ireland', year),
};
/** "GB" alone means the England and Wales list, as gov.uk's default division does. */
export const GB: HolidayRegion = { ...GB_ENG, code: 'GB' };

import type { HolidayRegion, HolidayYear } from './types.ts';
import { addDays, weekdayOf, westernEaster, ymd } from './rules.ts';

/**
 * Sweden. Public holidays (helgdagar) by Lag (1989:253) om allmänna helgdagar. Midsummer
 * Eve, Christmas Eve and New Year's Eve are not helgdagar in that act, but are treated as
 * Sundays by Semesterlagen (1977:480) 3 a § and collective agreements, and nearly every
 * office is closed — so a business calendar must count them as days off.
 * Sweden moves no days: a holiday on a weekend is simply lost.
 */

const SOURCE = 'Lag (1989:253) om allmänna helgdagar; Semesterlagen (1977:480) 3 a § for the eves';

const Y2025: HolidayYear = {
  source: SOURCE,
  daysOff: [
    ['2025-01-01', 'Nyårsdagen'],
    ['2025-01-06', 'Trettondedag jul'],
    ['2025-04-18', 'Långfredagen'],
    ['2025-04-20', 'Påskdagen'],
    ['2025-04-21', 'Annandag påsk'],
    ['2025-05-01', 'Första maj'],
    ['2025-05-29', 'Kristi himmelsfärdsdag'],
    ['2025-06-06', 'Sveriges nationaldag'],
    ['2025-06-08', 'Pingstdagen'],
    ['2025-06-20', 'Midsommarafton'],
    ['2025-06-21', 'Midsommardagen'],
    ['2025-11-01', 'Alla helgons dag'],
    ['2025-12-24', 'Julafton'],
    ['2025-12-25', 'Juldagen'],
    ['2025-12-26', 'Annandag jul'],
    ['2025-12-31', 'Nyårsafton'],
  ],
};

const Y2026: HolidayYear = {
  source: SOURCE,
  daysOff: [
    ['2026-01-01', 'Nyårsdagen'],
    ['2026-01-06', 'Trettondedag jul'],
    ['2026-04-03', 'Långfredagen'],
    ['2026-04-05', 'Påskdagen'],
    ['2026-04-06', 'Annandag påsk'],
    ['2026-05-01', 'Första maj'],
    ['2026-05-14', 'Kristi himmelsfärdsdag'],
    ['2026-05-24', 'Pingstdagen'],
    ['2026-06-06', 'Sveriges nationaldag'],
    ['2026-06-19', 'Midsommarafton'],
    ['2026-06-20', 'Midsommardagen'],
    ['2026-10-31', 'Alla helgons dag'],
    ['2026-12-24', 'Julafton'],
    ['2026-12-25', 'Juldagen'],
    ['2026-12-26', 'Annandag jul'],
    ['2026-12-31', 'Nyårsafton'],
  ],
};

const firstSaturdayFrom = (date: string) => addDays(date, (6 - weekdayOf(date) + 7) % 7);

/** Every Swedish holiday follows a rule, so other years are computed the same way. */
function provisionalYear(year: number): HolidayYear {
  const easter = westernEaster(year);
  // Midsummer Day is the Saturday from 20 to 26 June, All Saints' Day the Saturday from 31 October to 6 November.
  const midsummerDay = firstSaturdayFrom(ymd(year, 6, 20));
  const allSaints = firstSaturdayFrom(ymd(year, 10, 31));
  const daysOff: [string, string][] = [
    [ymd(year, 1, 1), 'Nyårsdagen'],
    [ymd(year, 1, 6), 'Trettondedag jul'],
    [addDays(easter, -2), 'Långfredagen'],
    [easter, 'Påskdagen'],
    [addDays(easter, 1), 'Annandag påsk'],
    [ymd(year, 5, 1), 'Första maj'],
    [addDays(easter, 39), 'Kristi himmelsfärdsdag'],
    [addDays(easter, 49), 'Pingstdagen'],
    [ymd(year, 6, 6), 'Sveriges nationaldag'],
    [addDays(midsummerDay, -1), 'Midsommarafton'],
    [midsummerDay, 'Midsommardagen'],
    [allSaints, 'Alla helgons dag'],
    [ymd(year, 12, 24), 'Julafton'],
    [ymd(year, 12, 25), 'Juldagen'],
    [ymd(year, 12, 26), 'Annandag jul'],
    [ymd(year, 12, 31), 'Nyårsafton'],
  ];
  return { source: `${SOURCE} (computed by rule)`, daysOff: daysOff.sort(([a], [b]) => a.localeCompare(b)), provisional: true };
}

export const SE: HolidayRegion = { code: 'SE', name: 'Sweden', years: { 2025: Y2025, 2026: Y2026 }, provisionalYear };


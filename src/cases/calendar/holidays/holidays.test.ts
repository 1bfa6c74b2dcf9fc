import { describe, expect, it } from 'vitest';
import { GB_ENG, GB_NIR, GB_SCT } from './gb.ts';
import { HOLIDAY_REGIONS } from './index.ts';
import { orthodoxEaster, westernEaster, weekdayOf, withSubstitutes } from './rules.ts';
import { RU } from './ru.ts';
import { SE } from './se.ts';
import { STATUTORY_HOLIDAYS_SUSPENDED } from './ua.ts';

const datesOf = (list: readonly (readonly [string, string])[]) => list.map(([date]) => date).sort();

describe('holiday data files', () => {
  it('lists real calendar dates of the right year, each once, with a cited source', () => {
    for (const region of HOLIDAY_REGIONS.values()) {
      for (const [year, data] of Object.entries(region.years)) {
        expect(data.source.length, `${region.code} ${year}`).toBeGreaterThan(10);
        const dates = datesOf(data.daysOff);
        expect(new Set(dates).size, `${region.code} ${year} duplicates`).toBe(dates.length);
        for (const date of [...dates, ...(data.workingDays ?? []).map((d) => d.date), ...(data.shortDays ?? []).map((d) => d.date)]) {
          expect(date.slice(0, 4), `${region.code}`).toBe(year);
          expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
        }
      }
    }
  });

  it('has the Russian days off of 2025 as decree No. 1335 lists them', () => {
    const weekdaysOff = datesOf(RU.years[2025]!.daysOff).filter((date) => weekdayOf(date) < 6);
    expect(weekdaysOff).toEqual([
      '2025-01-01', '2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07', '2025-01-08',
      '2025-05-01', '2025-05-02', '2025-05-08', '2025-05-09', '2025-06-12', '2025-06-13',
      '2025-11-03', '2025-11-04', '2025-12-31',
    ]);
    expect(RU.years[2025]!.workingDays!.map((d) => d.date)).toEqual(['2025-11-01']);
  });

  it('computes Easter: western 20 April 2025 and 5 April 2026, orthodox 20 April 2025 and 12 April 2026', () => {
    expect([westernEaster(2025), westernEaster(2026), westernEaster(2027)]).toEqual(['2025-04-20', '2026-04-05', '2027-03-28']);
    expect([orthodoxEaster(2025), orthodoxEaster(2026), orthodoxEaster(2027)]).toEqual(['2025-04-20', '2026-04-12', '2027-05-02']);
    expect(STATUTORY_HOLIDAYS_SUSPENDED[2026]!.find(([, name]) => name === 'Великдень')![0]).toBe(orthodoxEaster(2026));
  });

  it('moves weekend holidays to the next free weekday (Christmas on a Saturday: Monday and Tuesday)', () => {
    expect(withSubstitutes([['2027-12-25', 'Christmas Day'], ['2027-12-26', 'Boxing Day']])).toEqual([
      ['2027-12-27', 'Christmas Day (substitute day)'],
      ['2027-12-28', 'Boxing Day (substitute day)'],
    ]);
  });

  it.each([
    ['SE', SE],
    ['GB-ENG', GB_ENG],
    ['GB-SCT', GB_SCT],
    ['GB-NIR', GB_NIR],
  ] as const)('%s: the rules reproduce the published 2025 and 2026 lists, so later years are computed the same way', (_code, region) => {
    for (const year of [2025, 2026]) {
      expect(datesOf(region.provisionalYear!(year).daysOff)).toEqual(datesOf(region.years[year]!.daysOff));
    }
  });

  it('marks a Russian year without a decree as provisional, with the statutory holidays and art. 112 moves', () => {
    const year = RU.provisionalYear!(2027);
    expect(year.provisional).toBe(true);
    const dates = datesOf(year.daysOff);
    expect(dates).toEqual(expect.arrayContaining(['2027-01-01', '2027-01-07', '2027-02-23', '2027-03-08', '2027-05-01', '2027-05-10']));
  });
});

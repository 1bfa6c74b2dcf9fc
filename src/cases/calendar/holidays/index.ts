import { GB, GB_ENG, GB_NIR, GB_SCT, GB_WLS } from './gb.ts';
import { RU } from './ru.ts';
import { SE } from './se.ts';
import type { HolidayRegion } from './types.ts';
import { UA } from './ua.ts';

export type { HolidayRegion, HolidayYear, WeekdayName } from './types.ts';

/** The holiday calendars Rebound ships, by code. Add a region: a file beside these and a line here. */
export const HOLIDAY_REGIONS: ReadonlyMap<string, HolidayRegion> = new Map(
  [RU, SE, UA, GB, GB_ENG, GB_WLS, GB_SCT, GB_NIR].map((region) => [region.code, region]),
);

export function holidayRegion(code: string): HolidayRegion | undefined {
  return HOLIDAY_REGIONS.get(code);
}

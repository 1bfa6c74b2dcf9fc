/** Business calendars: working hours in a time zone, public holidays per country or region. */
export { buildBusinessCalendar, CalendarDefinitionError, WEEKDAY_NAMES } from './business-calendar.ts';
export type { BusinessCalendar, CalendarDefinition, DayInfo, DayKind, Period, WeeklyHours } from './business-calendar.ts';
export { addBusinessTime, businessMinutesBetween, isWorkingTime, workingIntervals } from './business-time.ts';
export { HOLIDAY_REGIONS, holidayRegion } from './holidays/index.ts';
export { isKnownTimeZone } from './zoned-time.ts';
export type { HolidayRegion, HolidayYear, WeekdayName } from './holidays/index.ts';

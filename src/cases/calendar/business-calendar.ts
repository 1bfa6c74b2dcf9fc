import { holidayRegion, type HolidayRegion, type HolidayYear, type WeekdayName } from './holidays/index.ts';
import { isKnownTimeZone, isoWeekday } from './zoned-time.ts';

/** A working period of one day in local minutes from midnight: [540, 1080] is 09:00–18:00. */
export type Period = readonly [startMinute: number, endMinute: number];

/** Opening hours per weekday as 'HH:MM' pairs; a weekday left out is closed. '24:00' ends a day. */
export type WeeklyHours = Partial<Record<WeekdayName, readonly (readonly [string, string])[]>>;

/** A calendar as stored (business_calendars) or written by hand in a test. */
export interface CalendarDefinition {
  id: string;
  name?: string;
  timeZone: string;
  weeklyHours: WeeklyHours;
  /** A code of HOLIDAY_REGIONS ('RU', 'SE', 'GB-SCT' …), or null for no public holidays. */
  holidayRegion?: string | null;
}

export type DayKind = 'working' | 'weekend' | 'holiday' | 'transferred_working' | 'short';

export interface DayInfo {
  date: string;
  kind: DayKind;
  periods: readonly Period[];
  name?: string;
  /** Computed from statutory rules because no published calendar for the year is entered. */
  provisional: boolean;
}

export interface BusinessCalendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly holidayRegion: string | null;
  /** Working periods on a local date, holidays and moved days applied. */
  day(date: string): DayInfo;
}

export class CalendarDefinitionError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'CalendarDefinitionError';
  }
}

export const WEEKDAY_NAMES: readonly WeekdayName[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function minuteOf(text: string, field: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || minutes > 1440) throw new CalendarDefinitionError(field, `"${text}" is not a time of day (HH:MM, 00:00–24:00)`);
  return minutes;
}

function parseWeeklyHours(hours: WeeklyHours): Map<number, Period[]> {
  const byWeekday = new Map<number, Period[]>();
  for (const [index, name] of WEEKDAY_NAMES.entries()) {
    const periods = (hours[name] ?? []).map(([start, end], i): Period => {
      const field = `weeklyHours.${name}[${i}]`;
      const period: Period = [minuteOf(start, field), minuteOf(end, field)];
      if (period[0] >= period[1]) throw new CalendarDefinitionError(field, `${start}–${end} ends before it starts`);
      return period;
    });
    periods.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < periods.length; i++) {
      if (periods[i]![0] < periods[i - 1]![1]) throw new CalendarDefinitionError(`weeklyHours.${name}`, 'periods overlap');
    }
    byWeekday.set(index + 1, periods);
  }
  if ([...byWeekday.values()].every((periods) => periods.length === 0)) {
    throw new CalendarDefinitionError('weeklyHours', 'no working hours on any day of the week');
  }
  return byWeekday;
}

interface ResolvedYear {
  daysOff: Map<string, string>;
  workingDays: Map<string, { worksAs: WeekdayName; note: string }>;
  shortDays: Map<string, { shortenByMinutes: number; note: string }>;
  provisional: boolean;
}

function resolveYear(region: HolidayRegion | undefined, year: number): ResolvedYear {
  const data: HolidayYear | undefined = region ? (region.years[year] ?? region.provisionalYear?.(year)) : undefined;
  return {
    daysOff: new Map(data?.daysOff ?? []),
    workingDays: new Map((data?.workingDays ?? []).map(({ date, ...rest }) => [date, rest])),
    shortDays: new Map((data?.shortDays ?? []).map(({ date, ...rest }) => [date, rest])),
    provisional: data?.provisional ?? false,
  };
}

/** Shortens a day from its end: the last periods lose the minutes first. */
function shorten(periods: readonly Period[], minutes: number): Period[] {
  const result = periods.map((p) => [p[0], p[1]] as [number, number]);
  let left = minutes;
  for (let i = result.length - 1; i >= 0 && left > 0; i--) {
    const period = result[i]!;
    const cut = Math.min(left, period[1] - period[0]);
    period[1] -= cut;
    left -= cut;
  }
  return result.filter(([start, end]) => end > start);
}

/** Checks a definition and returns the calendar; throws CalendarDefinitionError naming the field. */
export function buildBusinessCalendar(definition: CalendarDefinition): BusinessCalendar {
  if (!isKnownTimeZone(definition.timeZone)) throw new CalendarDefinitionError('timeZone', `"${definition.timeZone}" is not an IANA time zone`);
  const weekly = parseWeeklyHours(definition.weeklyHours);
  const code = definition.holidayRegion ?? null;
  const region = code ? holidayRegion(code) : undefined;
  if (code && !region) throw new CalendarDefinitionError('holidayRegion', `no holiday calendar "${code}"`);
  const years = new Map<number, ResolvedYear>();
  const yearOf = (year: number) => {
    let resolved = years.get(year);
    if (!resolved) years.set(year, (resolved = resolveYear(region, year)));
    return resolved;
  };

  return {
    id: definition.id,
    name: definition.name ?? definition.id,
    timeZone: definition.timeZone,
    holidayRegion: code,
    day(date: string): DayInfo {
      const year = yearOf(Number(date.slice(0, 4)));
      const provisional = year.provisional;
      const holiday = year.daysOff.get(date);
      if (holiday !== undefined) return { date, kind: 'holiday', periods: [], name: holiday, provisional };
      const weekday = isoWeekday(date);
      const transferred = year.workingDays.get(date);
      const ordinary = weekly.get(weekday)!;
      const base = transferred ? weekly.get(WEEKDAY_NAMES.indexOf(transferred.worksAs) + 1)! : ordinary;
      const short = year.shortDays.get(date);
      const periods = short ? shorten(base, short.shortenByMinutes) : base;
      if (transferred) return { date, kind: 'transferred_working', periods, name: transferred.note, provisional };
      if (periods.length === 0) return { date, kind: 'weekend', periods, provisional };
      if (short) return { date, kind: 'short', periods, name: short.note, provisional };
      return { date, kind: 'working', periods, provisional };
    },
  };
}

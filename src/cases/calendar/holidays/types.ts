/**
 * Public holidays and moved working days of one country or region, year by year.
 * Published calendars are data (`years`), cited to the act that fixes them; years nobody
 * has entered yet fall back to the statutory rules (`provisionalYear`), flagged as such so
 * that the console can say "not yet confirmed" instead of silently pretending.
 */
export type WeekdayName = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface HolidayYear {
  /** The act or official list this year's data comes from. */
  source: string;
  /** Non-working days: public holidays and days off moved onto weekdays ('YYYY-MM-DD', name). */
  daysOff: readonly (readonly [date: string, name: string])[];
  /** Weekend days that are working days because their rest was moved; `worksAs` picks whose hours apply. */
  workingDays?: readonly { date: string; worksAs: WeekdayName; note: string }[];
  /** Working days with shorter hours (in Russia the day before a public holiday is one hour shorter). */
  shortDays?: readonly { date: string; shortenByMinutes: number; note: string }[];
  /** True when computed from rules, not taken from a published calendar. */
  provisional?: boolean;
}

export interface HolidayRegion {
  /** ISO 3166-1 alpha-2, or ISO 3166-2 for a region ('GB-SCT'). */
  code: string;
  name: string;
  years: Readonly<Record<number, HolidayYear>>;
  /** The statutory rules, for years without published data. Absent: no holidays are assumed. */
  provisionalYear?(year: number): HolidayYear;
}

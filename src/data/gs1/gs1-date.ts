import { fail, succeed, type Gs1Result } from './result.ts';

/**
 * GS1 General Specifications §7.12: a two-digit year means the year within −49…+50 years
 * of the current one, so "99" read in 2025 is 1999 but "75" is 2075.
 */
export function resolveTwoDigitYear(twoDigitYear: number, now: Date): number {
  const currentYear = now.getUTCFullYear();
  const currentCentury = currentYear - (currentYear % 100);
  const difference = twoDigitYear - (currentYear % 100);
  if (difference >= 51) return currentCentury - 100 + twoDigitYear;
  if (difference <= -50) return currentCentury + 100 + twoDigitYear;
  return currentCentury + twoDigitYear;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * YYMMDD → YYYY-MM-DD. Day 00 ("no day given", allowed by GS1 for AIs 11–17) becomes
 * the last day of that month, which is how GS1 says such a date must be read.
 */
export function gs1DateToIso(yymmdd: string, now: Date): Gs1Result<string> {
  if (!/^\d{6}$/.test(yymmdd)) return fail('bad_date', `date "${yymmdd}" is not six digits YYMMDD`);
  const year = resolveTwoDigitYear(Number(yymmdd.slice(0, 2)), now);
  const month = Number(yymmdd.slice(2, 4));
  const dayAsWritten = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return fail('bad_date', `date ${yymmdd} has month ${month}`);
  const lastDay = daysInMonth(year, month);
  if (dayAsWritten > lastDay) {
    return fail('bad_date', `date ${yymmdd} has day ${dayAsWritten} but ${year}-${pad2(month)} has ${lastDay} days`);
  }
  const day = dayAsWritten === 0 ? lastDay : dayAsWritten;
  return succeed(`${year}-${pad2(month)}-${pad2(day)}`);
}

/** YYMMDDHHMM (AI 7003) → YYYY-MM-DDTHH:MM; here day 00 is not allowed. */
export function gs1DateTimeToIso(yymmddhhmm: string, now: Date): Gs1Result<string> {
  const match = /^(\d{6})(\d{2})(\d{2})$/.exec(yymmddhhmm);
  if (!match) return fail('bad_date', `date-time "${yymmddhhmm}" is not ten digits YYMMDDHHMM`);
  const [, yymmdd = '', hours = '', minutes = ''] = match;
  if (yymmdd.endsWith('00')) return fail('bad_date', `date-time ${yymmddhhmm} has day 00`);
  const date = gs1DateToIso(yymmdd, now);
  if (!date.ok) return date;
  if (Number(hours) > 23 || Number(minutes) > 59) {
    return fail('bad_date', `date-time ${yymmddhhmm} has time ${hours}:${minutes}`);
  }
  return succeed(`${date.value}T${hours}:${minutes}`);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

import { describe, expect, it } from 'vitest';
import { gs1DateTimeToIso, gs1DateToIso, resolveTwoDigitYear } from './gs1-date.ts';

const in2025 = new Date('2025-06-01T00:00:00Z');

describe('resolveTwoDigitYear (GS1 sliding window, −49…+50 years)', () => {
  it.each([
    [25, '2025-06-01', 2025],
    [75, '2025-06-01', 2075], // +50: still ahead
    [76, '2025-06-01', 1976], // +51: falls back a century
    [99, '2025-06-01', 1999],
    [0, '2025-06-01', 2000],
    [10, '2060-01-01', 2110], // −50: moves forward a century
    [11, '2060-01-01', 2011], // −49: stays
    [49, '1999-12-31', 2049],
    [50, '1999-12-31', 1950],
  ])('reads %i in %s as %i', (twoDigitYear, now, expected) => {
    expect(resolveTwoDigitYear(twoDigitYear, new Date(`${now}T12:00:00Z`))).toBe(expected);
  });
});

describe('gs1DateToIso', () => {
  it('turns YYMMDD into YYYY-MM-DD', () => {
    expect(gs1DateToIso('250101', in2025)).toEqual({ ok: true, value: '2025-01-01' });
    expect(gs1DateToIso('991231', in2025)).toEqual({ ok: true, value: '1999-12-31' });
  });

  it('reads day 00 as the last day of the month, leap years included', () => {
    expect(gs1DateToIso('250100', in2025)).toEqual({ ok: true, value: '2025-01-31' });
    expect(gs1DateToIso('250400', in2025)).toEqual({ ok: true, value: '2025-04-30' });
    expect(gs1DateToIso('240200', in2025)).toEqual({ ok: true, value: '2024-02-29' });
    expect(gs1DateToIso('250200', in2025)).toEqual({ ok: true, value: '2025-02-28' });
    // 2100 is not a leap year; reachable once the window covers it.
    expect(gs1DateToIso('000200', new Date('2080-01-01T00:00:00Z'))).toEqual({ ok: true, value: '2100-02-28' });
  });

  it.each([
    ['991332', /month 13/],
    ['250001', /month 0/],
    ['250230', /day 30/],
    ['250229', /day 29/],
    ['250431', /day 31/],
    ['25011', /six digits/],
    ['25o101', /six digits/],
  ])('rejects %s', (yymmdd, message) => {
    const result = gs1DateToIso(yymmdd, in2025);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad_date');
      expect(result.error.message).toMatch(message);
    }
  });
});

describe('gs1DateTimeToIso (AI 7003)', () => {
  it('accepts a valid date and time', () => {
    expect(gs1DateTimeToIso('2501311530', in2025)).toEqual({ ok: true, value: '2025-01-31T15:30' });
  });

  it.each(['2501002359', '2501012400', '2501011260', '2513011200', '250101120'])('rejects %s', (value) => {
    expect(gs1DateTimeToIso(value, in2025)).toMatchObject({ ok: false, error: { code: 'bad_date' } });
  });
});

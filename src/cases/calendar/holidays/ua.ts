import type { HolidayRegion, HolidayYear } from './types.ts';

/**
 * Ukraine. The Labour Code (КЗпП) art. 73 lists the public holidays — as amended by Law
 * No. 3331-IX of 14.07.2023: 1 January, 8 March, Easter, Trinity, 1 May, 8 May, 28 June,
 * 15 July, 24 August, 1 October, 25 December — and art. 67 moves a weekend holiday to the
 * next working day. But under martial law (in force since 24.02.2022 and extended since)
 * art. 6 of Law No. 2136-IX "On the organisation of labour relations under martial law"
 * suspends both: every one of those days is an ordinary working day, and employers may not
 * add days off by law. So the calendar below has no days off; the statutory list is kept in
 * `STATUTORY_HOLIDAYS_SUSPENDED` for the day martial law ends (then move it into `daysOff`).
 */

const SOURCE = 'КЗпП ст. 73 (ред. Закону № 3331-IX), suspended by Закон № 2136-IX ст. 6 while martial law lasts';

export const STATUTORY_HOLIDAYS_SUSPENDED: Readonly<Record<number, readonly (readonly [string, string])[]>> = {
  2025: [
    ['2025-01-01', 'Новий рік'], ['2025-03-08', 'Міжнародний жіночий день'], ['2025-04-20', 'Великдень'],
    ['2025-05-01', 'День праці'], ['2025-05-08', 'День пам’яті та перемоги над нацизмом'], ['2025-06-08', 'Трійця'],
    ['2025-06-28', 'День Конституції'], ['2025-07-15', 'День Української Державності'], ['2025-08-24', 'День Незалежності'],
    ['2025-10-01', 'День захисників і захисниць'], ['2025-12-25', 'Різдво Христове'],
  ],
  2026: [
    ['2026-01-01', 'Новий рік'], ['2026-03-08', 'Міжнародний жіночий день'], ['2026-04-12', 'Великдень'],
    ['2026-05-01', 'День праці'], ['2026-05-08', 'День пам’яті та перемоги над нацизмом'], ['2026-05-31', 'Трійця'],
    ['2026-06-28', 'День Конституції'], ['2026-07-15', 'День Української Державності'], ['2026-08-24', 'День Незалежності'],
    ['2026-10-01', 'День захисників і захисниць'], ['2026-12-25', 'Різдво Христове'],
  ],
};

const martialLawYear = (year: number): HolidayYear => ({ source: `${SOURCE} (${year})`, daysOff: [] });

export const UA: HolidayRegion = {
  code: 'UA',
  name: 'Ukraine (martial law: public holidays are working days)',
  years: { 2025: martialLawYear(2025), 2026: martialLawYear(2026) },
  provisionalYear: (year) => ({ ...martialLawYear(year), provisional: true }),
};

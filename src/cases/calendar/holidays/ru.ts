import type { HolidayRegion, HolidayYear } from './types.ts';
import { addDays, isWeekend, ymd } from './rules.ts';

/**
 * Russia — the production calendar (производственный календарь) for a five-day week.
 *
 * Public holidays are fixed by the Labour Code, art. 112: 1–6 and 8 January (New Year
 * holidays), 7 January (Christmas), 23 February, 8 March, 1 May, 9 May, 12 June, 4 November.
 * A holiday that falls on a weekend moves the day off to the next working day, except the
 * January ones, which the Government moves by a yearly decree that may also rearrange other
 * days off and turn a Saturday into a working day. Art. 95: the working day before a
 * public holiday is one hour shorter.
 */

const PRE_HOLIDAY = 'предпраздничный день, на час короче (ТК РФ ст. 95)';

const Y2025: HolidayYear = {
  source:
    'Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»: ' +
    '4 января → 2 мая, 5 января → 31 декабря, 23 февраля → 8 мая, 8 марта → 13 июня, 1 ноября (суббота, рабочая) → 3 ноября. ' +
    '247 рабочих дней, 118 выходных и праздничных.',
  daysOff: [
    ['2025-01-01', 'Новогодние каникулы'],
    ['2025-01-02', 'Новогодние каникулы'],
    ['2025-01-03', 'Новогодние каникулы'],
    ['2025-01-04', 'Новогодние каникулы'],
    ['2025-01-05', 'Новогодние каникулы'],
    ['2025-01-06', 'Новогодние каникулы'],
    ['2025-01-07', 'Рождество Христово'],
    ['2025-01-08', 'Новогодние каникулы'],
    ['2025-02-23', 'День защитника Отечества (воскресенье; выходной перенесён на 8 мая)'],
    ['2025-03-08', 'Международный женский день (суббота; выходной перенесён на 13 июня)'],
    ['2025-05-01', 'Праздник Весны и Труда'],
    ['2025-05-02', 'выходной, перенесённый с 4 января'],
    ['2025-05-08', 'выходной, перенесённый с 23 февраля'],
    ['2025-05-09', 'День Победы'],
    ['2025-06-12', 'День России'],
    ['2025-06-13', 'выходной, перенесённый с 8 марта'],
    ['2025-11-03', 'выходной, перенесённый с субботы 1 ноября'],
    ['2025-11-04', 'День народного единства'],
    ['2025-12-31', 'выходной, перенесённый с 5 января'],
  ],
  workingDays: [{ date: '2025-11-01', worksAs: 'mon', note: 'рабочая суббота (за понедельник 3 ноября), сокращённая' }],
  shortDays: [
    { date: '2025-03-07', shortenByMinutes: 60, note: PRE_HOLIDAY },
    { date: '2025-04-30', shortenByMinutes: 60, note: PRE_HOLIDAY },
    { date: '2025-06-11', shortenByMinutes: 60, note: PRE_HOLIDAY },
    { date: '2025-11-01', shortenByMinutes: 60, note: PRE_HOLIDAY },
  ],
};

const Y2026: HolidayYear = {
  source:
    'Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»: ' +
    '3 января → 9 января, 4 января → 31 декабря; 8 марта (воскресенье) → 9 марта и 9 мая (суббота) → 11 мая по ТК РФ ст. 112. ' +
    '247 рабочих дней, 118 выходных и праздничных. No working Saturdays this year.',
  daysOff: [
    ['2026-01-01', 'Новогодние каникулы'],
    ['2026-01-02', 'Новогодние каникулы'],
    ['2026-01-03', 'Новогодние каникулы'],
    ['2026-01-04', 'Новогодние каникулы'],
    ['2026-01-05', 'Новогодние каникулы'],
    ['2026-01-06', 'Новогодние каникулы'],
    ['2026-01-07', 'Рождество Христово'],
    ['2026-01-08', 'Новогодние каникулы'],
    ['2026-01-09', 'выходной, перенесённый с 3 января'],
    ['2026-02-23', 'День защитника Отечества'],
    ['2026-03-08', 'Международный женский день (воскресенье)'],
    ['2026-03-09', 'выходной за 8 марта (ТК РФ ст. 112)'],
    ['2026-05-01', 'Праздник Весны и Труда'],
    ['2026-05-09', 'День Победы (суббота)'],
    ['2026-05-11', 'выходной за 9 мая (ТК РФ ст. 112)'],
    ['2026-06-12', 'День России'],
    ['2026-11-04', 'День народного единства'],
    ['2026-12-31', 'выходной, перенесённый с 4 января'],
  ],
  shortDays: [
    { date: '2026-04-30', shortenByMinutes: 60, note: PRE_HOLIDAY },
    { date: '2026-05-08', shortenByMinutes: 60, note: PRE_HOLIDAY },
    { date: '2026-06-11', shortenByMinutes: 60, note: PRE_HOLIDAY },
    { date: '2026-11-03', shortenByMinutes: 60, note: PRE_HOLIDAY },
  ],
};

const FIXED_HOLIDAYS: readonly [month: number, day: number, name: string][] = [
  [1, 1, 'Новогодние каникулы'], [1, 2, 'Новогодние каникулы'], [1, 3, 'Новогодние каникулы'], [1, 4, 'Новогодние каникулы'],
  [1, 5, 'Новогодние каникулы'], [1, 6, 'Новогодние каникулы'], [1, 7, 'Рождество Христово'], [1, 8, 'Новогодние каникулы'],
  [2, 23, 'День защитника Отечества'], [3, 8, 'Международный женский день'], [5, 1, 'Праздник Весны и Труда'],
  [5, 9, 'День Победы'], [6, 12, 'День России'], [11, 4, 'День народного единства'],
];

/**
 * Art. 112 without the decree: the fixed holidays, non-January weekend holidays moved to
 * the next working day, pre-holiday days shortened. The real calendar usually differs in
 * where the January weekend days go (the decree decides), so add the year's data when the
 * decree is out — it is published in the autumn before.
 */
function provisionalYear(year: number): HolidayYear {
  const holidays = FIXED_HOLIDAYS.map(([m, d, name]) => [ymd(year, m, d), name] as const);
  const off = new Map<string, string>(holidays);
  for (const [date, name] of holidays) {
    if (!isWeekend(date) || date.slice(5, 7) === '01') continue;
    let moved = addDays(date, 1);
    while (isWeekend(moved) || off.has(moved)) moved = addDays(moved, 1);
    off.set(moved, `выходной за ${name} (ТК РФ ст. 112)`);
  }
  const shortDays = holidays
    .map(([date]) => addDays(date, -1))
    .filter((eve) => !isWeekend(eve) && !off.has(eve))
    .map((date) => ({ date, shortenByMinutes: 60, note: PRE_HOLIDAY }));
  return {
    source: `Labour Code art. 112 and 95 only — the Government decree for ${year} is not entered yet`,
    daysOff: [...off].sort(([a], [b]) => a.localeCompare(b)),
    shortDays,
    provisional: true,
  };
}

export const RU: HolidayRegion = {
  code: 'RU',
  name: 'Russia (production calendar, five-day week)',
  years: { 2025: Y2025, 2026: Y2026 },
  provisionalYear,
};

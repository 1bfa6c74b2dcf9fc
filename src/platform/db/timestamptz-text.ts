/**
 * Reads a timestamptz the way PostgreSQL writes it as text (DateStyle ISO:
 * `2024-09-04 00:31:03.123456+00`, `+05:30`, ` BC`, five-digit years, `infinity`), for both
 * drivers alike.
 *
 * PGlite's own parser hands the text to `new Date()`, whose legacy parsing reads year 0099 as
 * 1999 and year 0024 as an Invalid Date; one such row then broke every list that showed it
 * (issue 12). node-postgres reads those years right. Both now use this parser, so the two
 * databases agree, and it always returns a valid Date: what JavaScript cannot hold
 * (`infinity`, beyond ±275,760 years) becomes the nearest moment it can.
 */
const PATTERN = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;
const LATEST_MS = 8.64e15;
const EARLIEST_MS = -8.64e15;

export function parseTimestamptzText(text: string): Date {
  if (text === 'infinity') return new Date(LATEST_MS);
  if (text === '-infinity') return new Date(EARLIEST_MS);
  const m = PATTERN.exec(text);
  if (!m) return fallback(text);
  const [, year, month, day, hours, minutes, seconds, fraction = '', sign, offsetHours = '0', offsetMinutes = '0', offsetSeconds = '0', bc] = m;
  // 1 BC is year 0 in ISO 8601 (astronomical numbering), 2 BC is -1.
  const isoYear = bc ? 1 - Number(year) : Number(year);
  const date = new Date(0);
  date.setUTCFullYear(isoYear, Number(month) - 1, Number(day)); // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written
  date.setUTCHours(Number(hours), Number(minutes), Number(seconds), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offsetMs = ((Number(offsetHours) * 60 + Number(offsetMinutes)) * 60 + Number(offsetSeconds)) * 1000;
  const ms = date.getTime() - (sign === '-' ? -offsetMs : offsetMs);
  // NaN: a year beyond what a Date holds at all.
  if (Number.isNaN(ms)) return new Date(isoYear > 0 ? LATEST_MS : EARLIEST_MS);
  return new Date(Math.min(LATEST_MS, Math.max(EARLIEST_MS, ms)));
}

/**
 * Text in another shape (a DateStyle set on the server that this file does not know):
 * JavaScript's reading, and where it has none the latest moment rather than an Invalid Date
 * that would fail every answer showing the row; said in the log, since the value shown is not
 * the stored one.
 */
function fallback(text: string): Date {
  const ms = Date.parse(text);
  if (!Number.isNaN(ms)) return new Date(ms);
  console.warn(`database: a timestamp came back as "${text}", which Rebound cannot read; check the server's DateStyle (ISO is expected)`);
  return new Date(LATEST_MS);
}

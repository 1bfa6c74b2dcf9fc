/**
 * One cell of a CSV file that people open in a spreadsheet. Quoted where RFC 4180 needs
 * it, and defused: text that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage
 * return — OWASP's list) gets a leading apostrophe, so a product name or a customer's
 * words such as `=HYPERLINK("http://evil", "click")` show as text instead of running.
 * Numbers and dates are written by Rebound itself and stay as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV line of cells. */
export const csvLine = (values: readonly unknown[]): string => values.map(csvCell).join(',');

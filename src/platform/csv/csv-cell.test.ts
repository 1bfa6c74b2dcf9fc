import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-cell.ts';

describe('CSV cells for spreadsheets', () => {
  it('defuses every formula start OWASP lists, also inside quotes', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it('quotes what RFC 4180 needs and leaves plain text, numbers and dates alone', () => {
    expect(csvLine(['Hartwell\'s, Leeds', 'say "hi"', 'line\nbreak', 'plain', -12.5, 3, null, undefined, new Date(Date.UTC(2026, 0, 2))])).toBe(
      `"Hartwell's, Leeds","say ""hi""","line\nbreak",plain,-12.5,3,,,2026-01-02T00:00:00.000Z`,
    );
  });
});

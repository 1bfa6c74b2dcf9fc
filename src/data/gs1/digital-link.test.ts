import { describe, expect, it } from 'vitest';
import { parseDigitalLink } from './digital-link.ts';
import { parseElementString } from './element-string.ts';
import type { Gs1Identity, Gs1Result } from './result.ts';

const now = new Date('2025-06-01T00:00:00Z');
const parse = (uri: string): Gs1Result<Gs1Identity> => parseDigitalLink(uri, { now });

function expectError(result: Gs1Result<Gs1Identity>, expected: { code: string; ai?: string }) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (!result.ok) expect(result.error).toMatchObject(expected);
}

describe('parseDigitalLink', () => {
  it('reads GS1’s own example with lot, serial and expiry', () => {
    expect(parse('https://id.gs1.org/01/09506000134352/10/ABC123/21/xyz?17=201225')).toEqual({
      ok: true,
      value: {
        gtin: '09506000134352',
        lot: 'ABC123',
        serial: 'xyz',
        expiry: '2020-12-25',
        ais: { '01': '09506000134352', '10': 'ABC123', '21': 'xyz', '17': '201225' },
      },
    });
  });

  it('gives the same identity as the equivalent element string', () => {
    const fromLink = parse('https://id.gs1.org/01/09506000134352/10/ABC123/21/xyz?17=201225');
    const fromElementString = parseElementString('(01)09506000134352(17)201225(10)ABC123(21)xyz', { now });
    expect(fromLink).toEqual(fromElementString);
  });

  it('skips a resolver path prefix, normalises a GTIN-13 and reads AIs from the query', () => {
    const result = parse('https://example.com/some/prefix/01/9506000134352/22/V1/21/S-9?linkType=gs1:pip&15=251200&3103=000500&11=250115#top');
    expect(result).toEqual({
      ok: true,
      value: {
        gtin: '09506000134352',
        serial: 'S-9',
        bestBefore: '2025-12-31',
        productionDate: '2025-01-15',
        ais: { '01': '09506000134352', '22': 'V1', '21': 'S-9', '15': '251200', '3103': '000500', '11': '250115' },
      },
    });
  });

  it.each([
    ['96385074', '00000096385074'],
    ['036000291452', '00036000291452'],
    ['4006381333931', '04006381333931'],
    ['04006381333931', '04006381333931'],
  ])('normalises GTIN %s to %s', (gtin, expected) => {
    expect(parse(`https://id.gs1.org/01/${gtin}`)).toMatchObject({ ok: true, value: { gtin: expected, ais: { '01': expected } } });
  });

  it('percent-decodes values and keeps "+" literal', () => {
    expect(parse('https://id.gs1.org/01/09506000134352/10/A%2FB%25?21=x+y')).toMatchObject({
      ok: true,
      value: { lot: 'A/B%', serial: 'x+y' },
    });
  });

  it('keeps "." and ".." values that URL normalisation would drop', () => {
    expect(parse('https://id.gs1.org/01/09506000134352/10/../21/.')).toMatchObject({ ok: true, value: { lot: '..', serial: '.' } });
  });

  it('finds the key after a prefix segment that itself reads "01"', () => {
    expect(parse('https://example.com/01/01/09506000134352')).toMatchObject({ ok: true, value: { gtin: '09506000134352' } });
  });

  it('accepts http, upper-case schemes and a trailing slash', () => {
    expect(parse('HTTP://example.com/01/09506000134352/')).toMatchObject({ ok: true, value: { gtin: '09506000134352' } });
  });

  it.each([
    'https://id.gs1.org/01/04012345123456/10/998877',
    'https://id.gs1.org/01/00614141777778/10/987',
    'https://id.gs1.org/01/70614141123451/21/2017',
    'https://id.gs1.org/01/04012345666663',
  ])('reads the EPCIS example %s', (uri) => {
    expect(parse(uri).ok).toBe(true);
  });

  describe('errors', () => {
    it('rejects a wrong check digit', () => {
      expectError(parse('https://id.gs1.org/01/09506000134353'), { code: 'bad_check_digit', ai: '01' });
    });

    it('rejects a GTIN of the wrong length or with letters', () => {
      expectError(parse('https://id.gs1.org/01/95060001343'), { code: 'bad_format', ai: '01' });
      expectError(parse('https://id.gs1.org/01/0950600013435X'), { code: 'bad_format', ai: '01' });
    });

    it('enforces the qualifier order 22 → 10 → 21', () => {
      expectError(parse('https://id.gs1.org/01/09506000134352/21/x/10/y'), { code: 'bad_uri', ai: '10' });
      expectError(parse('https://id.gs1.org/01/09506000134352/10/x/10/x'), { code: 'bad_uri', ai: '10' });
    });

    it('rejects a data attribute in the path', () => {
      expectError(parse('https://id.gs1.org/01/09506000134352/17/250101'), { code: 'bad_uri', ai: '17' });
    });

    it('validates query AIs', () => {
      expectError(parse('https://id.gs1.org/01/09506000134352?17=991332'), { code: 'bad_date', ai: '17' });
      expectError(parse('https://id.gs1.org/01/09506000134352?17=250230'), { code: 'bad_date', ai: '17' });
      expectError(parse('https://id.gs1.org/01/09506000134352?30=12a'), { code: 'bad_format', ai: '30' });
      expectError(parse('https://id.gs1.org/01/09506000134352?2399=1'), { code: 'unknown_ai', ai: '2399' });
      expectError(parse('https://id.gs1.org/01/09506000134352/21/a?21=b'), { code: 'bad_format', ai: '21' });
    });

    it('rejects broken percent-encoding', () => {
      expectError(parse('https://id.gs1.org/01/09506000134352/21/a%zz'), { code: 'bad_uri', ai: '21' });
      expectError(parse('https://id.gs1.org/01/09506000134352?10=%E0%A4'), { code: 'bad_uri', ai: '10' });
    });

    it('rejects what is not an http(s) Digital Link', () => {
      expectError(parse(''), { code: 'empty' });
      expectError(parse('ftp://id.gs1.org/01/09506000134352'), { code: 'bad_uri' });
      expectError(parse('id.gs1.org/01/09506000134352'), { code: 'bad_uri' });
      expectError(parse('https://example.com/products/42'), { code: 'bad_uri' });
      expectError(parse('https://id.gs1.org/01'), { code: 'bad_uri' });
    });

    it('reports a Digital Link for another key (GIAI, SSCC) as missing_gtin', () => {
      expectError(parse('https://id.gs1.org/8004/4000001111'), { code: 'missing_gtin', ai: '8004' });
      expectError(parse('https://id.gs1.org/00/106141412345678908'), { code: 'missing_gtin', ai: '00' });
    });
  });
});

import { describe, expect, it } from 'vitest';
import { gtinCheckDigit, isValidGln, isValidGtin, normalizeGtin } from './gtin.ts';

describe('gtinCheckDigit', () => {
  it.each([
    ['400638133393', 1], // EAN-13 4006381333931
    ['0950600013435', 2], // GS1's own example GTIN 09506000134352
    ['9638507', 4], // GTIN-8 96385074
    ['03600029145', 2], // UPC-A 036000291452
    ['061414100001', 2], // GLN 0614141000012
    ['0000000000000', 0],
  ])('computes the check digit of %s as %i', (body, expected) => {
    expect(gtinCheckDigit(body)).toBe(expected);
  });

  it('refuses a body that is not digits, since any answer would be made up', () => {
    expect(() => gtinCheckDigit('40063813339X')).toThrow(RangeError);
    expect(() => gtinCheckDigit('')).toThrow(RangeError);
  });
});

describe('isValidGtin', () => {
  it.each(['4006381333931', '04006381333931', '09506000134352', '96385074', '036000291452', '00614141777778'])(
    'accepts %s',
    (code) => expect(isValidGtin(code)).toBe(true),
  );

  it.each([
    ['4006381333932', 'wrong check digit'],
    ['09506000134353', 'wrong check digit'],
    ['04650194494433', 'wrong check digit'],
    ['400638133393', 'GTIN-13 without its check digit (length 12 passes, check fails)'],
    ['40063813339311', 'wrong check digit at length 14'],
    ['400638133', 'length 9'],
    ['006381333931', 'wrong check digit'],
    ['4006381333931 ', 'trailing space'],
    ['4006-381333931', 'punctuation'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => expect(isValidGtin(code)).toBe(false));
});

describe('normalizeGtin', () => {
  it('pads every valid length to 14 digits', () => {
    expect(normalizeGtin('4006381333931')).toBe('04006381333931');
    expect(normalizeGtin('04006381333931')).toBe('04006381333931');
    expect(normalizeGtin('96385074')).toBe('00000096385074');
    expect(normalizeGtin('036000291452')).toBe('00036000291452');
  });

  it('returns null for a bad length or check digit', () => {
    expect(normalizeGtin('4006381333932')).toBeNull();
    expect(normalizeGtin('400638133393100')).toBeNull();
    expect(normalizeGtin('abc')).toBeNull();
  });
});

describe('isValidGln', () => {
  it('accepts 13 digits with a correct check digit', () => {
    expect(isValidGln('0614141000012')).toBe(true);
    expect(isValidGln('4012345000016')).toBe(true);
  });

  it('rejects other lengths and wrong check digits', () => {
    expect(isValidGln('0614141000013')).toBe(false);
    expect(isValidGln('614141000012')).toBe(false);
    expect(isValidGln('00614141000012')).toBe(false);
  });
});

describe('check digit property', () => {
  /** Seeded so a failure can be replayed exactly. */
  function mulberry32(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('for 200 random bodies the computed check digit validates and every single-digit change is caught', () => {
    const random = mulberry32(20250101);
    const bodyLengths = [7, 11, 12, 13];
    for (let sample = 0; sample < 200; sample++) {
      const length = bodyLengths[Math.floor(random() * bodyLengths.length)] ?? 13;
      const body = Array.from({ length }, () => String(Math.floor(random() * 10))).join('');
      const gtin = body + String(gtinCheckDigit(body));
      expect(isValidGtin(gtin), gtin).toBe(true);
      for (let position = 0; position < gtin.length; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === gtin[position]) continue;
          const changed = gtin.slice(0, position) + String(digit) + gtin.slice(position + 1);
          expect(isValidGtin(changed), `${gtin} → ${changed}`).toBe(false);
        }
      }
    }
  });
});

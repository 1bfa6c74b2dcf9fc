import { describe, expect, it } from 'vitest';
import { parseElementString } from './element-string.ts';
import type { Gs1Result, Gs1Identity } from './result.ts';

const GS = '\u001d';
const now = new Date('2025-06-01T00:00:00Z');
const parse = (input: string): Gs1Result<Gs1Identity> => parseElementString(input, { now });

function expectError(result: Gs1Result<Gs1Identity>, expected: { code: string; position?: number; ai?: string }) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (!result.ok) expect(result.error).toMatchObject(expected);
}

describe('parseElementString: scanned and bracketed forms', () => {
  const scanned = `0104006381333931${'21'}abc${GS}1725010110L1`;
  const bracketed = '(01)04006381333931(21)abc(17)250101(10)L1';
  const expected: Gs1Identity = {
    gtin: '04006381333931',
    serial: 'abc',
    lot: 'L1',
    expiry: '2025-01-01',
    ais: { '01': '04006381333931', '21': 'abc', '17': '250101', '10': 'L1' },
  };

  it('reads the GS-separated form', () => {
    expect(parse(scanned)).toEqual({ ok: true, value: expected });
  });

  it('reads the bracketed form into the same identity', () => {
    expect(parse(bracketed)).toEqual(parse(scanned));
  });

  it.each([']d2', ']Q3', ']C1', ']d2' + GS, GS])('accepts the scanner prefix %j', (prefix) => {
    expect(parse(prefix + scanned)).toEqual({ ok: true, value: expected });
  });

  it('ignores the CR/LF a keyboard-wedge scanner appends', () => {
    expect(parse(`${scanned}\r\n`)).toEqual({ ok: true, value: expected });
  });

  it('tolerates a GS after a predefined-length field and a trailing GS', () => {
    expect(parse(`0104006381333931${GS}17250101${GS}21abc${GS}`)).toMatchObject({
      ok: true,
      value: { serial: 'abc', expiry: '2025-01-01' },
    });
  });

  it('reads AI 01 from a symbol carrying an SSCC and dates (order does not matter)', () => {
    const result = parse(`11250115${'01'}09506000134352${'10'}BATCH-7${GS}15251200`);
    expect(result).toEqual({
      ok: true,
      value: {
        gtin: '09506000134352',
        lot: 'BATCH-7',
        productionDate: '2025-01-15',
        bestBefore: '2025-12-31',
        ais: { '11': '250115', '01': '09506000134352', '10': 'BATCH-7', '15': '251200' },
      },
    });
  });

  it('keeps every other AI raw in ais', () => {
    const result = parse(
      `(01)09506000134352(22)CPV-1(30)12(37)24(240)ADD-1(241)PART-9(3103)000500(414)0614141000012(7003)2501311530(02)09506000134352(00)106141412345678908(13)250100(16)250301`,
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.ais).toEqual({
        '01': '09506000134352',
        '22': 'CPV-1',
        '30': '12',
        '37': '24',
        '240': 'ADD-1',
        '241': 'PART-9',
        '3103': '000500',
        '414': '0614141000012',
        '7003': '2501311530',
        '02': '09506000134352',
        '00': '106141412345678908',
        '13': '250100',
        '16': '250301',
      });
    }
  });

  it('lets a literal "(" inside a bracketed value be written "\\("', () => {
    expect(parse('(01)04006381333931(21)a\\(b)')).toMatchObject({ ok: true, value: { serial: 'a(b)' } });
  });

  it('accepts a repeated AI with the same value, but not with a different one', () => {
    expect(parse('(01)04006381333931(10)L1(10)L1')).toMatchObject({ ok: true, value: { lot: 'L1' } });
    expectError(parse('(01)04006381333931(10)L1(10)L2'), { code: 'bad_format', ai: '10', position: 24 });
  });
});

describe('parseElementString: Chestny ZNAK (Russian marking) codes', () => {
  // The GTIN in the brief, 04650194494433, fails its check digit; 04650194494435 is the valid neighbour.
  const verificationCode = 'abcdEFGH1234+/ijklMNOP5678qrstUVWX90yzABCD=';
  const code = `]d20104650194494435215!9k%q${GS}91EE06${GS}92${verificationCode}`;

  it('reads GTIN, serial and the crypto tail AIs 91/92', () => {
    expect(parse(code)).toEqual({
      ok: true,
      value: {
        gtin: '04650194494435',
        serial: '5!9k%q',
        ais: { '01': '04650194494435', '21': '5!9k%q', '91': 'EE06', '92': verificationCode },
      },
    });
  });

  it('reads the newer short tail AI 93', () => {
    expect(parse(`0104650194494435215!9k%q${GS}93dGVz`)).toMatchObject({ ok: true, value: { ais: { '93': 'dGVz' } } });
  });

  it('reports the check digit of the GTIN as written in the brief', () => {
    expectError(parse(`]d20104650194494433215!9k%q${GS}91EE06`), { code: 'bad_check_digit', ai: '01', position: 3 });
  });
});

describe('parseElementString: errors', () => {
  it.each(['', '   ', ']d2', GS, `]d2${GS}`])('reports %j as empty', (input) => {
    expectError(parse(input), { code: 'empty' });
  });

  it('reports a wrong GTIN check digit with AI and position', () => {
    expectError(parse('0104006381333932'), { code: 'bad_check_digit', ai: '01', position: 0 });
    expectError(parse('(17)250101(01)04006381333932'), { code: 'bad_check_digit', ai: '01', position: 10 });
    expectError(parse('(01)04006381333931(414)0614141000013'), { code: 'bad_check_digit', ai: '414' });
  });

  it.each([
    ['01040063813339', 0, '01'], // ends inside the GTIN
    [`0104006381333931172501`, 16, '17'], // ends inside the date
    [`010400638133393121`, 16, '21'], // ends right after an AI
    [`010400638133${GS}21abc`, 0, '01'], // GS arrives inside a predefined-length field
    ['(01)04006381333931(17)2501', 18, '17'],
    ['(01)04006381333931(21)', 18, '21'],
  ])('reports %j as truncated at %i', (input, position, ai) => {
    expectError(parse(input), { code: 'truncated', position, ai });
  });

  it('counts positions in the input as given, symbology identifier included', () => {
    expectError(parse(']d201040063813339'), { code: 'truncated', position: 3 });
  });

  it('reports an unknown AI with its position', () => {
    expectError(parse('010400638133393123xyz'), { code: 'unknown_ai', position: 16 });
    expectError(parse(`010400638133393121abc${GS}2399`), { code: 'unknown_ai', position: 22 });
    expectError(parse('(01)04006381333931(89)x'), { code: 'unknown_ai', position: 18, ai: '89' });
    expectError(parse(']d2x0104006381333931'), { code: 'unknown_ai', position: 3 });
  });

  it('reports bracketed text that is not "(AI)value"', () => {
    expectError(parse('(01)04006381333931(21'), { code: 'bad_format', position: 18 });
  });

  it('requires a GTIN', () => {
    expectError(parse('(00)106141412345678908'), { code: 'missing_gtin' });
    expectError(parse('10LOT1'), { code: 'missing_gtin' });
  });

  it.each([
    ['(01)04006381333931(17)991332', /month 13/],
    ['(01)04006381333931(17)250230', /day 30/],
    ['(01)04006381333931(11)250001', /month 0/],
    ['(01)04006381333931(7003)2501012460', /time 24:60/],
  ])('rejects the impossible date in %s', (input, message) => {
    const result = parse(input);
    expectError(result, { code: 'bad_date' });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('resolves two-digit years with the sliding window around now', () => {
    expect(parse('(01)04006381333931(17)750101')).toMatchObject({ ok: true, value: { expiry: '2075-01-01' } });
    expect(parse('(01)04006381333931(17)760101')).toMatchObject({ ok: true, value: { expiry: '1976-01-01' } });
    expect(parseElementString('(01)04006381333931(17)760101', { now: new Date('2030-01-01T00:00:00Z') })).toMatchObject({
      ok: true,
      value: { expiry: '2076-01-01' },
    });
  });

  it('reads expiry day 00 as the last day of the month', () => {
    expect(parse('(01)04006381333931(17)240200')).toMatchObject({ ok: true, value: { expiry: '2024-02-29', ais: { '17': '240200' } } });
  });

  it('enforces numeric-only AIs', () => {
    expectError(parse('(01)0400638133393A'), { code: 'bad_format', ai: '01' });
    expectError(parse('(01)04006381333931(30)12a'), { code: 'bad_format', ai: '30' });
    expectError(parse('(01)04006381333931(17)25O101'), { code: 'bad_format', ai: '17' });
  });

  it('enforces length limits', () => {
    expect(parse(`(01)04006381333931(21)${'s'.repeat(20)}`).ok).toBe(true);
    expectError(parse(`(01)04006381333931(21)${'s'.repeat(21)}`), { code: 'bad_format', ai: '21' });
    expectError(parse(`0104006381333931${'10'}${'L'.repeat(21)}`), { code: 'bad_format', ai: '10' });
    expectError(parse('(01)04006381333931(37)123456789'), { code: 'bad_format', ai: '37' });
    expectError(parse('(01)040063813339310'), { code: 'bad_format', ai: '01' });
    expectError(parse('(01)04006381333931(10)'), { code: 'truncated', ai: '10' });
    expectError(parse('(01)04006381333931(10)(21)x'), { code: 'bad_format', ai: '10' });
  });

  it('needs a GS after a fixed-length AI outside the predefined list', () => {
    expect(parse(`0104006381333931422643${GS}10L1`)).toMatchObject({ ok: true, value: { lot: 'L1', ais: { '422': '643' } } });
    // Without it the value runs on into the next field and is no longer three digits.
    expectError(parse('010400638133393142264310L1'), { code: 'bad_format', ai: '422', position: 16 });
  });

  it('rejects characters outside GS1 character set 82', () => {
    expectError(parse('(01)04006381333931(21)ab c'), { code: 'bad_format', ai: '21' });
    expectError(parse('(01)04006381333931(10)Lé'), { code: 'bad_format', ai: '10' });
  });
});

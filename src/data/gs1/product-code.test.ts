import { describe, expect, it } from 'vitest';
import { parseProductCode } from './product-code.ts';

const GS = '\u001d';
const now = new Date('2025-06-01T00:00:00Z');

describe('parseProductCode picks the parser by shape', () => {
  const identity = {
    gtin: '09506000134352',
    lot: 'ABC123',
    serial: 'xyz',
    expiry: '2020-12-25',
    ais: { '01': '09506000134352', '10': 'ABC123', '21': 'xyz', '17': '201225' },
  };

  it.each([
    ['a scanned DataMatrix', `]d20109506000134352${'17'}201225${'10'}ABC123${GS}21xyz`],
    ['a scanned string without prefix', `0109506000134352${'17'}201225${'10'}ABC123${GS}21xyz`],
    ['a GS1 QR Code scan', `]Q30109506000134352${'17'}201225${'10'}ABC123${GS}21xyz`],
    ['a GS1-128 scan', `]C10109506000134352${'17'}201225${'10'}ABC123${GS}21xyz`],
    ['the bracketed form', '(01)09506000134352(17)201225(10)ABC123(21)xyz'],
    ['a Digital Link', 'https://id.gs1.org/01/09506000134352/10/ABC123/21/xyz?17=201225'],
  ])('reads %s', (_shape, input) => {
    expect(parseProductCode(input, { now })).toEqual({ ok: true, value: identity });
  });

  it('reads EPC sgtin, lgtin and class-level URIs', () => {
    expect(parseProductCode('urn:epc:id:sgtin:0614141.107346.2017')).toEqual({
      ok: true,
      value: { gtin: '10614141073464', serial: '2017', ais: { '01': '10614141073464', '21': '2017' } },
    });
    expect(parseProductCode('urn:epc:class:lgtin:4012345.012345.998877')).toEqual({
      ok: true,
      value: { gtin: '04012345123456', lot: '998877', ais: { '01': '04012345123456', '10': '998877' } },
    });
    expect(parseProductCode('urn:epc:idpat:sgtin:4012345.066666.*')).toEqual({
      ok: true,
      value: { gtin: '04012345666663', ais: { '01': '04012345666663' } },
    });
  });

  it('reads a bare GTIN as typed or read from an EAN/UPC barcode', () => {
    expect(parseProductCode('4006381333931')).toEqual({ ok: true, value: { gtin: '04006381333931', ais: { '01': '04006381333931' } } });
    expect(parseProductCode(' 96385074\n')).toMatchObject({ ok: true, value: { gtin: '00000096385074' } });
    expect(parseProductCode('4006381333932')).toMatchObject({ ok: false, error: { code: 'bad_check_digit' } });
  });

  it('passes errors through', () => {
    expect(parseProductCode('')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(parseProductCode('urn:epc:id:sgln:0614141.07346.0')).toMatchObject({ ok: false, error: { code: 'missing_gtin' } });
    expect(parseProductCode('urn:epc:id:grai:4012345.55555.98765')).toMatchObject({ ok: false, error: { code: 'missing_gtin' } });
    expect(parseProductCode('urn:epc:id:sgtin:0614141.107346')).toMatchObject({ ok: false, error: { code: 'bad_format' } });
    expect(parseProductCode('https://id.gs1.org/01/09506000134353')).toMatchObject({ ok: false, error: { code: 'bad_check_digit' } });
    expect(parseProductCode('0104006381333931(21)x')).toMatchObject({ ok: false, error: { code: 'unknown_ai' } });
    expect(parseProductCode('hello')).toMatchObject({ ok: false, error: { code: 'unknown_ai', position: 0 } });
  });
});

import { describe, expect, it } from 'vitest';
import { parseDigitalLink } from './digital-link.ts';
import { parseEpcUri, type EpcIdentity } from './epc-uri.ts';

/** URIs taken from the GS1 EPCIS 2.0 JSON-LD examples (Example_9.6.x, AssociationEvent-*, WithFullCombinationOfFields). */
describe('parseEpcUri on EPCIS examples', () => {
  it.each<[string, EpcIdentity]>([
    ['urn:epc:id:sgtin:0614141.107346.2017', { kind: 'sgtin', gtin: '10614141073464', serial: '2017' }],
    ['urn:epc:id:sgtin:4012345.077889.25', { kind: 'sgtin', gtin: '04012345778892', serial: '25' }],
    ['urn:epc:id:sgtin:9520001.012346.10000001001', { kind: 'sgtin', gtin: '09520001123467', serial: '10000001001' }],
    ['urn:epc:id:sgtin:4012345.033333.AGHFG', { kind: 'sgtin', gtin: '04012345333336', serial: 'AGHFG' }],
    ['urn:epc:class:lgtin:4012345.012345.998877', { kind: 'lgtin', gtin: '04012345123456', lot: '998877' }],
    ['urn:epc:class:lgtin:0614141.077777.987', { kind: 'lgtin', gtin: '00614141777778', lot: '987' }],
    ['urn:epc:class:lgtin:4012345.022222.87545GHGH', { kind: 'lgtin', gtin: '04012345222227', lot: '87545GHGH' }],
    ['urn:epc:idpat:sgtin:4012345.066666.*', { kind: 'gtin-class', gtin: '04012345666663' }],
    ['urn:epc:idpat:sgtin:4012345.098765.*', { kind: 'gtin-class', gtin: '04012345987652' }],
    ['urn:epc:id:sgln:0614141.07346.1234', { kind: 'sgln', gln: '0614141073467', extension: '1234' }],
    ['urn:epc:id:sgln:0614141.00777.0', { kind: 'sgln', gln: '0614141007776' }],
    ['urn:epc:id:sgln:952005385.011.scA', { kind: 'sgln', gln: '9520053850113', extension: 'scA' }],
    ['urn:epc:id:sgln:952005385.011.0', { kind: 'sgln', gln: '9520053850113' }],
    ['urn:epc:id:sscc:0614141.1234567890', { kind: 'sscc', sscc: '106141412345678908' }],
    ['urn:epc:id:grai:4012345.55555.98765', { kind: 'other', scheme: 'grai', value: '4012345.55555.98765' }],
    ['urn:epc:id:giai:735005385.vehicle1', { kind: 'other', scheme: 'giai', value: '735005385.vehicle1' }],
    ['urn:epc:id:pgln:4000001.00012', { kind: 'other', scheme: 'pgln', value: '4000001.00012' }],
    ['urn:epc:id:gdti:95252084.0001.0003555480001000', { kind: 'other', scheme: 'gdti', value: '95252084.0001.0003555480001000' }],
    ['urn:epc:id:gsrn:0614141.0000010253', { kind: 'other', scheme: 'gsrn', value: '0614141.0000010253' }],
  ])('%s', (uri, expected) => {
    expect(parseEpcUri(uri)).toEqual({ ok: true, value: expected });
  });

  it('agrees with the Digital Link form of the same event (WithDigitalLinkID examples)', () => {
    const pairs: [epc: string, digitalLink: string][] = [
      ['urn:epc:class:lgtin:4012345.012345.998877', 'https://id.gs1.org/01/04012345123456/10/998877'],
      ['urn:epc:class:lgtin:0614141.077777.987', 'https://id.gs1.org/01/00614141777778/10/987'],
      ['urn:epc:idpat:sgtin:4012345.066666.*', 'https://id.gs1.org/01/04012345666663'],
      ['urn:epc:idpat:sgtin:4012345.098765.*', 'https://id.gs1.org/01/04012345987652'],
    ];
    for (const [epc, digitalLink] of pairs) {
      const fromEpc = parseEpcUri(epc);
      const fromLink = parseDigitalLink(digitalLink);
      const epcGtin = fromEpc.ok && 'gtin' in fromEpc.value ? fromEpc.value.gtin : undefined;
      const linkGtin = fromLink.ok ? fromLink.value.gtin : undefined;
      expect(epcGtin, epc).toBeDefined();
      expect(epcGtin, epc).toBe(linkGtin);
    }
  });
});

describe('parseEpcUri', () => {
  it('handles 6- and 12-digit company prefixes', () => {
    expect(parseEpcUri('urn:epc:id:sgtin:400638.1133393.1')).toEqual({ ok: true, value: { kind: 'sgtin', gtin: '14006381333938', serial: '1' } });
    expect(parseEpcUri('urn:epc:id:sgtin:400638133393.0.1')).toMatchObject({ ok: true, value: { gtin: '04006381333931' } });
  });

  it('decodes URI escapes in serials, lots and extensions', () => {
    expect(parseEpcUri('urn:epc:id:sgtin:0614141.107346.A%2FB%25')).toMatchObject({ ok: true, value: { serial: 'A/B%' } });
    expect(parseEpcUri('urn:epc:class:lgtin:0614141.077777.L%2F1')).toMatchObject({ ok: true, value: { lot: 'L/1' } });
    expect(parseEpcUri('urn:epc:id:sgln:0614141.07346.x%2Fy')).toMatchObject({ ok: true, value: { extension: 'x/y' } });
  });

  it('accepts upper-case scheme parts and surrounding spaces', () => {
    expect(parseEpcUri(' URN:EPC:ID:SGTIN:0614141.107346.2017 ')).toMatchObject({ ok: true, value: { kind: 'sgtin', serial: '2017' } });
  });

  it('keeps wider patterns and other classes as "other"', () => {
    expect(parseEpcUri('urn:epc:idpat:sgtin:4012345.*.*')).toEqual({ ok: true, value: { kind: 'other', scheme: 'idpat:sgtin', value: '4012345.*.*' } });
    expect(parseEpcUri('urn:epc:idpat:sgtin:4012345.066666.25')).toMatchObject({ ok: true, value: { kind: 'other', scheme: 'idpat:sgtin' } });
    expect(parseEpcUri('urn:epc:idpat:grai:4012345.55555.*')).toMatchObject({ ok: true, value: { kind: 'other', scheme: 'idpat:grai' } });
  });

  it.each([
    ['', 'empty'],
    ['urn:epcglobal:cbv:bt:0614141073467:1152', 'bad_uri'],
    ['https://id.gs1.org/01/04012345666663', 'bad_uri'],
    ['urn:epc:id:sgtin', 'bad_uri'],
    ['urn:epc:id:sgtin:0614141.107346', 'bad_format'],
    ['urn:epc:id:sgtin:0614141.107346.1.2', 'bad_format'],
    ['urn:epc:id:sgtin:0614141.10734.2017', 'bad_format'], // 12 digits, not 13
    ['urn:epc:id:sgtin:06141.1073461.2017', 'bad_format'], // company prefix below 6 digits
    ['urn:epc:id:sgtin:0614141.1O7346.2017', 'bad_format'],
    [`urn:epc:id:sgtin:0614141.107346.${'9'.repeat(21)}`, 'bad_format'],
    ['urn:epc:id:sgtin:0614141.107346.', 'bad_format'],
    ['urn:epc:id:sgtin:0614141.107346.a%zz', 'bad_uri'],
    ['urn:epc:class:lgtin:0614141.077777', 'bad_format'],
    ['urn:epc:id:sgln:0614141.0734.0', 'bad_format'],
    ['urn:epc:id:sgln:0614141.07346', 'bad_format'],
    ['urn:epc:id:sscc:0614141.123456789', 'bad_format'],
  ])('rejects %j with %s', (uri, code) => {
    expect(parseEpcUri(uri)).toMatchObject({ ok: false, error: { code } });
  });
});

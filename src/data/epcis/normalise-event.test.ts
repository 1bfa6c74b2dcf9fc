import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from './epcis-event.ts';
import { normaliseEvent } from './normalise-event.ts';

const base = { type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2024-05-01T08:00:00Z', eventTimeZoneOffset: '+02:00' };

function normalised(fields: Record<string, unknown>): NormalisedEvent {
  const result = normaliseEvent({ ...base, ...fields }, 0);
  if (!result.ok) throw new Error(`expected a valid event, got: ${result.reason}`);
  return result.event;
}

function reasonFor(fields: Record<string, unknown>): string {
  const result = normaliseEvent({ ...base, ...fields }, 0);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('normaliseEvent', () => {
  it.each([
    ['shipping', 'shipping'],
    ['urn:epcglobal:cbv:bizstep:shipping', 'shipping'],
    ['https://ref.gs1.org/cbv/BizStep-shipping', 'shipping'],
    ['cbv:BizStep-retail_selling', 'retail_selling'],
    ['http://epcis.example.org/hc/bizstep/summarising_discharge', 'http://epcis.example.org/hc/bizstep/summarising_discharge'],
  ])('shortens the CBV bizStep %s to %s and keeps other URIs whole', (bizStep, expected) => {
    expect(normalised({ bizStep }).bizStep).toBe(expected);
  });

  it('shortens CBV dispositions and error reasons', () => {
    const event = normalised({
      disposition: 'urn:epcglobal:cbv:disp:in_transit',
      errorDeclaration: { declarationTime: '2024-05-02T00:00:00Z', reason: 'https://ref.gs1.org/cbv/ER-did_not_occur' },
    });
    expect(event.disposition).toBe('in_transit');
    expect(event.errorDeclaration).toEqual({ declaredAt: '2024-05-02T00:00:00Z', reason: 'did_not_occur' });
  });

  it('reads instance EPCs as one unit each and class quantities with their unit', () => {
    const event = normalised({
      epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sscc:0614141.1234567890', 'urn:epc:id:giai:4000001.12345'],
      quantityList: [
        { epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 200, uom: 'KGM' },
        { epcClass: 'urn:epc:idpat:sgtin:4012345.098765.*' },
      ],
    });
    expect(event.items).toEqual([
      { gtin: '10614141073464', serial: '2017', role: 'object', quantity: 1 },
      { gtin: '04012345123456', lot: '998877', role: 'object', quantity: 200, uom: 'KGM' },
      { gtin: '04012345987652', role: 'object', quantity: null },
    ]);
  });

  it('warns about a class that names no single GTIN instead of rejecting the event', () => {
    const event = normalised({ quantityList: [{ epcClass: 'urn:epc:idpat:sgtin:4012345.*.*', quantity: 5 }] });
    expect(event.items).toEqual([]);
    expect(event.warnings).toEqual([expect.stringMatching(/^quantityList\[0\] urn:epc:idpat:sgtin:4012345\.\*\.\* names no single GTIN/)]);
  });

  it('gives the parent role to a product parentID only', () => {
    const aggregation = { type: 'AggregationEvent', childEPCs: ['urn:epc:id:sgtin:0614141.107346.1'] };
    expect(normalised({ ...aggregation, parentID: 'urn:epc:id:sscc:0614141.1234567890' }).items.map((item) => item.role)).toEqual(['child']);
    expect(normalised({ ...aggregation, parentID: 'urn:epc:id:sgtin:0614141.107346.P' }).items.map((item) => item.role)).toEqual(['parent', 'child']);
  });

  it('fills the lot from ILMD only for objects the event creates', () => {
    const ilmd = { 'cbvmda:lotNumber': 'L42' };
    const epcList = ['urn:epc:id:sgtin:0614141.107346.1'];
    expect(normalised({ action: 'ADD', epcList, ilmd }).items[0]?.lot).toBe('L42');
    expect(normalised({ action: 'OBSERVE', epcList, ilmd }).items[0]?.lot).toBeUndefined();
    const transformation = normalised({ type: 'TransformationEvent', action: undefined, inputEPCList: epcList, outputEPCList: ['urn:epc:id:sgtin:0614141.107346.2'], ilmd });
    expect(transformation.items.map((item) => [item.role, item.lot])).toEqual([['input', undefined], ['output', 'L42']]);
    expect(transformation.action).toBeNull();
  });

  it('reads places from SGLNs and Digital Links, sources and destinations by CBV type, single objects as lists', () => {
    const event = normalised({
      readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
      bizLocation: 'https://id.gs1.org/414/0614141000005',
      sourceList: { type: 'location', source: 'urn:epc:id:sgln:4012345.00225.0' },
      destinationList: [
        { type: 'urn:epcglobal:cbv:sdt:owning_party', destination: 'urn:epc:id:pgln:0614141.00001' },
        { type: 'https://ref.gs1.org/cbv/SDT-possessing_party', destination: 'urn:epc:id:pgln:0614141.00002' },
        { type: 'location', destination: 'urn:acme:yard:9' },
      ],
    });
    expect(event.readPoint).toEqual({ gln: '0614141073467', extension: '1234' });
    expect(event.bizLocation).toEqual({ gln: '0614141000005' });
    expect(event.sourceLocation).toEqual({ gln: '4012345002256' });
    expect(event.destinationLocation).toBeNull();
    expect(event.parties).toEqual({ destinationOwning: 'urn:epc:id:pgln:0614141.00001', destinationPossessing: 'urn:epc:id:pgln:0614141.00002' });
    expect(event.warnings).toEqual([expect.stringMatching(/^destinationList\[2\] urn:acme:yard:9 is not a GLN/)]);
  });

  it('uses the eventID given, or "id" (its JSON-LD alias), or else a hash of the event', () => {
    expect(normalised({ eventID: 'urn:uuid:1' })).toMatchObject({ eventId: 'urn:uuid:1', eventIdGiven: true });
    expect(normalised({ id: 'urn:uuid:2' })).toMatchObject({ eventId: 'urn:uuid:2', eventIdGiven: true });
    const hashed = normalised({ epcList: ['urn:epc:id:sgtin:0614141.107346.1'] });
    expect(hashed.eventIdGiven).toBe(false);
    expect(hashed.eventId).toMatch(/^rebound:sha-256:[0-9a-f]{64}$/);
  });

  it.each([
    ['of an unknown type', { type: 'SensorEvent' }, /^unsupported event type "SensorEvent"/],
    ['without a type', { type: undefined }, /^event has no "type"$/],
    ['without an action', { action: undefined }, /^ObjectEvent has no "action"/],
    ['with an unknown action', { action: 'UPDATE' }, /^action "UPDATE" is not ADD, OBSERVE or DELETE$/],
    ['without eventTime', { eventTime: undefined }, /^"eventTime" is missing$/],
    ['with a date-time that is not ISO 8601', { eventTime: '2024-05-01 08:00' }, /is not an ISO 8601 date-time/],
    ['with a date-time without offset', { eventTime: '2024-05-01T08:00:00' }, /is not an ISO 8601 date-time with offset/],
    ['on 29 February of a common year', { eventTime: '2023-02-29T08:00:00Z' }, /is not a real calendar date/],
    ['with a malformed time zone offset', { eventTimeZoneOffset: '+2' }, /^eventTimeZoneOffset "\+2"/],
    ['with a bizStep that is no text', { bizStep: 7 }, /^bizStep 7 is not a word or URI$/],
    ['with an SGTIN missing its serial', { epcList: 'urn:epc:id:sgtin:0614141.107346' }, /^epcList\[0\]: urn:epc:id:sgtin:0614141\.107346: .*Serial/],
    ['with a number as EPC', { epcList: [42] }, /^epcList\[0\] is a number, not a URI$/],
    ['with a Digital Link GTIN of wrong check digit', { epcList: ['https://id.gs1.org/01/09506000134353/21/1'] }, /^epcList\[0\]: .*check digit/],
    ['with a quantity element without epcClass', { quantityList: [{ quantity: 1 }] }, /^quantityList\[0\] must be an object with an "epcClass" URI$/],
    ['with a negative quantity', { quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.1', quantity: -1 }] }, /^quantityList\[0\]\.quantity -1 is not a number ≥ 0$/],
    ['with a cut-off SGLN', { readPoint: { id: 'urn:epc:id:sgln:0614141.0734.0' } }, /^readPoint: /],
    ['with a GLN Digital Link of wrong check digit', { bizLocation: { id: 'https://id.gs1.org/414/0614141000006' } }, /^bizLocation: .*wrong check digit$/],
    ['with a source without its URI', { sourceList: [{ type: 'location' }] }, /^sourceList\[0\] must be an object with a "type" and a "source" URI$/],
    ['with an error declaration without time', { errorDeclaration: { reason: 'incorrect_data' } }, /^"errorDeclaration\.declarationTime" is missing$/],
    ['holding a NUL character', { note: 'a\u0000b' }, /NUL character/],
    ['holding half a surrogate pair', { note: 'a\ud800b' }, /broken UTF-16 surrogate/],
  ])('rejects an event %s, saying why', (_name, fields, reason) => {
    expect(reasonFor(fields)).toMatch(reason);
  });

  it('rejects what is not an event object, and keeps the eventID of a rejected event for the report', () => {
    expect(normaliseEvent('ObjectEvent', 3)).toEqual({ ok: false, reason: 'event is a string, not an object' });
    expect(normaliseEvent({ ...base, eventID: 'urn:uuid:9', action: 'NOPE' }, 0)).toMatchObject({ ok: false, eventId: 'urn:uuid:9' });
  });
});

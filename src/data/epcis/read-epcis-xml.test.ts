import { describe, expect, it } from 'vitest';
import { normaliseEvent } from './normalise-event.ts';
import { findEventList, parseEpcisText } from './read-epcis-document.ts';

const document = (events: string, namespaces = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" ${namespaces} schemaVersion="2.0" creationDate="2024-05-01T10:00:00Z">
  <EPCISBody>
    <EventList>
${events}
    </EventList>
  </EPCISBody>
</epcis:EPCISDocument>`;

function eventsOf(xml: string): Record<string, unknown>[] {
  const doc = parseEpcisText(xml);
  if (!doc.ok) throw new Error(doc.reason);
  const list = findEventList(doc.value);
  if (!list.ok) throw new Error(list.reason);
  return list.value as Record<string, unknown>[];
}

describe('parseEpcisText on XML', () => {
  it('reads an ObjectEvent into the JSON-LD shape of the EPCIS 2.0 binding', () => {
    const [event] = eventsOf(document(`
      <ObjectEvent>
        <eventTime>2024-05-01T10:00:00.000+02:00</eventTime>
        <eventTimeZoneOffset>+02:00</eventTimeZoneOffset>
        <eventID>urn:uuid:6a2b-1</eventID>
        <epcList><epc>urn:epc:id:sgtin:4012345.011111.1</epc><epc>urn:epc:id:sgtin:4012345.011111.2</epc></epcList>
        <action>OBSERVE</action>
        <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
        <readPoint><id>urn:epc:id:sgln:4012345.00001.0</id></readPoint>
        <bizTransactionList><bizTransaction type="urn:epcglobal:cbv:btt:po">urn:epc:id:gdti:4012345.00001.1</bizTransaction></bizTransactionList>
        <quantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.011111.L7</epcClass><quantity>12.5</quantity><uom>KGM</uom></quantityElement></quantityList>
        <sourceList><source type="urn:epcglobal:cbv:sdt:owning_party">urn:epc:id:pgln:4012345.00001</source></sourceList>
        <destinationList><destination type="urn:epcglobal:cbv:sdt:location">urn:epc:id:sgln:4012345.00002.0</destination></destinationList>
        <persistentDisposition><set>urn:epcglobal:cbv:disp:completeness_verified</set></persistentDisposition>
      </ObjectEvent>`));
    expect(event).toEqual({
      type: 'ObjectEvent',
      eventTime: '2024-05-01T10:00:00.000+02:00',
      eventTimeZoneOffset: '+02:00',
      eventID: 'urn:uuid:6a2b-1',
      epcList: ['urn:epc:id:sgtin:4012345.011111.1', 'urn:epc:id:sgtin:4012345.011111.2'],
      action: 'OBSERVE',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
      bizTransactionList: [{ type: 'urn:epcglobal:cbv:btt:po', bizTransaction: 'urn:epc:id:gdti:4012345.00001.1' }],
      quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.L7', quantity: 12.5, uom: 'KGM' }],
      sourceList: [{ type: 'urn:epcglobal:cbv:sdt:owning_party', source: 'urn:epc:id:pgln:4012345.00001' }],
      destinationList: [{ type: 'urn:epcglobal:cbv:sdt:location', destination: 'urn:epc:id:sgln:4012345.00002.0' }],
      persistentDisposition: { set: ['urn:epcglobal:cbv:disp:completeness_verified'] },
    });
  });

  it('finds the lot in ILMD whatever prefix the file gives the CBV master data namespace', () => {
    const [event] = eventsOf(
      document(
        `<ObjectEvent>
          <eventTime>2024-05-01T10:00:00Z</eventTime>
          <epcList><epc>urn:epc:id:sgtin:4012345.011111.1</epc></epcList>
          <action>ADD</action>
          <bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
          <ilmd><mda:lotNumber>LOT-42</mda:lotNumber><mda:itemExpirationDate>2025-01-01</mda:itemExpirationDate></ilmd>
        </ObjectEvent>`,
        'xmlns:mda="urn:epcglobal:cbv:mda"',
      ),
    );
    expect(event!.ilmd).toEqual({ 'cbvmda:lotNumber': 'LOT-42', 'cbvmda:itemExpirationDate': '2025-01-01' });
    const normalised = normaliseEvent(event, 0);
    expect(normalised.ok && normalised.event.items).toEqual([{ role: 'object', gtin: '04012345111118', serial: '1', quantity: 1, lot: 'LOT-42' }]);
  });

  it('flattens the EPCIS 1.x <extension> wrappers, in the event list and in an event', () => {
    const events = eventsOf(document(`
      <extension>
        <TransformationEvent>
          <eventTime>2024-05-01T10:00:00Z</eventTime>
          <inputEPCList><epc>urn:epc:id:sgtin:4012345.011111.1</epc></inputEPCList>
          <extension><outputQuantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.022222.B</epcClass><quantity xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></quantityElement></outputQuantityList></extension>
        </TransformationEvent>
      </extension>`));
    expect(events).toEqual([
      {
        type: 'TransformationEvent',
        eventTime: '2024-05-01T10:00:00Z',
        inputEPCList: ['urn:epc:id:sgtin:4012345.011111.1'],
        // xsi:nil is "no value": a class named without a quantity, as JSON leaves it out.
        outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.B' }],
      },
    ]);
  });

  it("keeps a vendor's extension elements under their prefix, as nested objects and repeated values", () => {
    const [event] = eventsOf(
      document(
        `<ObjectEvent>
          <eventTime>2024-05-01T10:00:00Z</eventTime>
          <action>OBSERVE</action>
          <acme:temperature>4.5</acme:temperature>
          <acme:box><acme:tag>a</acme:tag><acme:tag>b</acme:tag><note>plain</note></acme:box>
        </ObjectEvent>`,
        'xmlns:acme="https://acme.example/epcis"',
      ),
    );
    expect(event).toMatchObject({ 'acme:temperature': '4.5', 'acme:box': { 'acme:tag': ['a', 'b'], note: 'plain' } });
  });

  it('reads an error declaration with its corrective events', () => {
    const [event] = eventsOf(document(`
      <ObjectEvent>
        <eventTime>2024-05-01T10:00:00Z</eventTime>
        <action>OBSERVE</action>
        <errorDeclaration>
          <declarationTime>2024-05-02T10:00:00Z</declarationTime>
          <reason>urn:epcglobal:cbv:er:incorrect_data</reason>
          <correctiveEventIDs><correctiveEventID>urn:uuid:fix-1</correctiveEventID></correctiveEventIDs>
        </errorDeclaration>
      </ObjectEvent>`));
    expect(event!.errorDeclaration).toEqual({ declarationTime: '2024-05-02T10:00:00Z', reason: 'urn:epcglobal:cbv:er:incorrect_data', correctiveEventIDs: ['urn:uuid:fix-1'] });
    const normalised = normaliseEvent(event, 0);
    expect(normalised.ok && normalised.event.errorDeclaration).toEqual({ declaredAt: '2024-05-02T10:00:00Z', reason: 'incorrect_data' });
  });

  it('reads the events of an EPCIS query document', () => {
    const xml = `<epcisq:EPCISQueryDocument xmlns:epcisq="urn:epcglobal:epcis-query:xsd:2" schemaVersion="2.0" creationDate="2024-05-01T10:00:00Z">
      <EPCISBody><epcisq:QueryResults><queryName>SimpleEventQuery</queryName><resultsBody><EventList>
        <ObjectEvent><eventTime>2024-05-01T10:00:00Z</eventTime><action>OBSERVE</action></ObjectEvent>
      </EventList></resultsBody></epcisq:QueryResults></EPCISBody></epcisq:EPCISQueryDocument>`;
    expect(eventsOf(xml)).toEqual([{ type: 'ObjectEvent', eventTime: '2024-05-01T10:00:00Z', action: 'OBSERVE' }]);
  });

  it.each([
    ['XML that is not EPCIS', '<invoice><total>3</total></invoice>', /^not an EPCIS 2\.0 document \(JSON-LD or XML expected\): the XML root is <invoice>/],
    ['a CSV file', 'gtin,lot\n4012345111118,L1\n', /^not an EPCIS 2\.0 document \(JSON-LD or XML expected\): it starts with "gtin,lot/],
    ['an empty file', '\ufeff  \n', /^not an EPCIS 2\.0 document \(JSON-LD or XML expected\): the file is empty$/],
    ['XML whose tags do not match', '<a>\n<b>\n</a>', /^not well-formed XML: line 3: <\/a> closes <b> \(line 2\)$/],
    ['XML cut short', '<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">\n<EPCISBody>', /^not well-formed XML: the file ends inside <EPCISBody> \(opened on line 2\)$/],
    ['a prefix nobody declared', '<a>\n<q:b/></a>', /^not well-formed XML: line 2: missing namespace on <q:b>/],
    ['a master data document', '<epcismd:EPCISMasterDataDocument xmlns:epcismd="urn:epcglobal:epcis-masterdata:xsd:2"/>', /^an EPCIS master data document holds no events/],
  ])('refuses %s with a reason', (_name, text, reason) => {
    const result = parseEpcisText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('still reads JSON-LD, and still names a JSON syntax error as such', () => {
    expect(parseEpcisText('{"type": "EPCISDocument"}')).toEqual({ ok: true, value: { type: 'EPCISDocument' } });
    expect(parseEpcisText('{"type": }')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON: /) });
  });
});

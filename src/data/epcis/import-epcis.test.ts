import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { importEpcisDocument, importEpcisFile } from './import-epcis.ts';

const actor: Actor = { kind: 'cli', label: 'cli:test' };

/** Every test uses its own company prefix, so their products, lots and GLNs never meet. */
function epcisDocument(events: Record<string, unknown>[]): Record<string, unknown> {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2024-05-01T10:00:00Z',
    epcisBody: { eventList: events },
  };
}

function event(fields: Record<string, unknown>): Record<string, unknown> {
  return { eventTime: '2024-05-01T08:00:00.000Z', eventTimeZoneOffset: '+02:00', ...fields };
}

interface MovementRow {
  gtin: string;
  lot_code: string | null;
  serial: string | null;
  quantity: string | null;
  uom: string | null;
  role: string;
  gln: string | null;
}

async function movementsOf(db: Db, eventId: string): Promise<MovementRow[]> {
  return db.query<MovementRow>(
    `SELECT p.gtin, l.lot_code, m.serial, m.quantity, m.uom, m.role, loc.gln
     FROM lot_movements m
     JOIN supply_events e ON e.id = m.supply_event_id
     JOIN products p ON p.id = m.product_id
     LEFT JOIN lots l ON l.id = m.lot_id
     LEFT JOIN locations loc ON loc.id = m.location_id
     WHERE e.event_id = $1
     ORDER BY m.id`,
    [eventId],
  );
}

describe('importEpcisDocument', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('creates the product, the lot and a plant location from a commissioning ObjectEvent with an LGTIN quantity', async () => {
    const doc = epcisDocument([
      event({
        type: 'ObjectEvent',
        eventID: 'urn:uuid:commissioning-1',
        action: 'ADD',
        bizStep: 'urn:epcglobal:cbv:bizstep:commissioning',
        disposition: 'https://ref.gs1.org/cbv/Disp-active',
        quantityList: [{ epcClass: 'urn:epc:class:lgtin:4711001.012345.LOT-A1', quantity: 120.5, uom: 'KGM' }],
        readPoint: { id: 'urn:epc:id:sgln:4711001.00001.0' },
      }),
    ]);
    const result = await importEpcisDocument(db, doc, 'commissioning.jsonld', actor);

    expect(result).toMatchObject({ ok: true, eventsRead: 1, eventsImported: 1, movements: 1, productsCreated: 1, lotsCreated: 1, locationsCreated: 1, rejected: [] });
    expect(await movementsOf(db, 'urn:uuid:commissioning-1')).toEqual([
      { gtin: '04711001123457', lot_code: 'LOT-A1', serial: null, quantity: '120.5', uom: 'KGM', role: 'object', gln: '4711001000017' },
    ]);
    const [stored] = await db.query('SELECT event_type, action, biz_step, disposition, event_time_zone_offset, document FROM supply_events WHERE event_id = $1', [
      'urn:uuid:commissioning-1',
    ]);
    expect(stored).toEqual({ event_type: 'ObjectEvent', action: 'ADD', biz_step: 'commissioning', disposition: 'active', event_time_zone_offset: '+02:00', document: 'commissioning.jsonld' });
    expect(await db.query(`SELECT name FROM products WHERE gtin = '04711001123457'`)).toEqual([{ name: 'GTIN 04711001123457' }]);
    expect(await db.query(`SELECT external_id, kind, name FROM locations WHERE gln = '4711001000017'`)).toEqual([
      { external_id: '4711001000017', kind: 'plant', name: 'GLN 4711001000017' },
    ]);
    const [audit] = await db.query<{ actor_label: string; details: Record<string, unknown> }>(
      `SELECT actor_label, details FROM audit_log WHERE action = 'import' AND entity = 'epcis' AND entity_id = 'commissioning.jsonld'`,
    );
    expect(audit).toMatchObject({ actor_label: 'cli:test', details: { document: 'commissioning.jsonld', eventsImported: 1, movements: 1, lotsCreated: 1 } });
  });

  it('records the children of an AggregationEvent at its business location, and leaves the SSCC parent out', async () => {
    const doc = epcisDocument([
      event({
        type: 'AggregationEvent',
        eventID: 'urn:uuid:packing-1',
        action: 'ADD',
        bizStep: 'https://ref.gs1.org/cbv/BizStep-packing',
        parentID: 'urn:epc:id:sscc:4711002.0000000001',
        childEPCs: ['urn:epc:id:sgtin:4711002.012345.S1', 'urn:epc:id:sgtin:4711002.012345.S2'],
        childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4711002.054321.L7', quantity: 6 }],
        readPoint: { id: 'urn:epc:id:sgln:4711002.00001.dock3' },
        bizLocation: { id: 'urn:epc:id:sgln:4711002.00002.0' },
      }),
    ]);
    const result = await importEpcisDocument(db, doc, 'packing.jsonld', actor);

    expect(result).toMatchObject({ ok: true, eventsImported: 1, movements: 3, locationsCreated: 2 });
    expect(await movementsOf(db, 'urn:uuid:packing-1')).toEqual([
      { gtin: '04711002123456', lot_code: null, serial: 'S1', quantity: '1', uom: null, role: 'child', gln: '4711002000023' },
      { gtin: '04711002123456', lot_code: null, serial: 'S2', quantity: '1', uom: null, role: 'child', gln: '4711002000023' },
      { gtin: '04711002543216', lot_code: 'L7', serial: null, quantity: '6', uom: null, role: 'child', gln: '4711002000023' },
    ]);
    expect(await db.query(`SELECT kind FROM locations WHERE gln IN ('4711002000016', '4711002000023')`)).toEqual([{ kind: 'warehouse' }, { kind: 'warehouse' }]);
  });

  it('records the inputs and outputs of a TransformationEvent, the outputs in the lot its ILMD names', async () => {
    const doc = epcisDocument([
      event({
        type: 'TransformationEvent',
        eventID: 'urn:uuid:blend-1',
        bizStep: 'commissioning',
        inputQuantityList: [
          { epcClass: 'urn:epc:class:lgtin:4711003.011111.FLOUR-9', quantity: 500, uom: 'KGM' },
          { epcClass: 'urn:epc:idpat:sgtin:4711003.022222.*', quantity: 20 },
        ],
        outputEPCList: ['urn:epc:id:sgtin:4711003.033333.100', 'urn:epc:id:sgtin:4711003.033333.101'],
        ilmd: { 'cbvmda:lotNumber': 'BREAD-24', 'cbvmda:itemExpirationDate': '2024-06-01' },
        readPoint: { id: 'urn:epc:id:sgln:4711003.00001.0' },
      }),
    ]);
    const result = await importEpcisDocument(db, doc, 'blend.jsonld', actor);

    expect(result).toMatchObject({ ok: true, eventsImported: 1, movements: 4, productsCreated: 3, lotsCreated: 2 });
    expect(await movementsOf(db, 'urn:uuid:blend-1')).toEqual([
      { gtin: '04711003111117', lot_code: 'FLOUR-9', serial: null, quantity: '500', uom: 'KGM', role: 'input', gln: '4711003000015' },
      { gtin: '04711003222226', lot_code: null, serial: null, quantity: '20', uom: null, role: 'input', gln: '4711003000015' },
      { gtin: '04711003333335', lot_code: 'BREAD-24', serial: '100', quantity: '1', uom: null, role: 'output', gln: '4711003000015' },
      { gtin: '04711003333335', lot_code: 'BREAD-24', serial: '101', quantity: '1', uom: null, role: 'output', gln: '4711003000015' },
    ]);
    const [stored] = await db.query('SELECT action FROM supply_events WHERE event_id = $1', ['urn:uuid:blend-1']);
    expect(stored).toEqual({ action: null });
  });

  it('writes nothing new when the same document is imported again, also for events without an eventID', async () => {
    const doc = epcisDocument([
      event({
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: ['urn:epc:id:sgtin:4711004.012345.900'],
        readPoint: { id: 'urn:epc:id:sgln:4711004.00001.0' },
        destinationList: [{ type: 'location', destination: 'urn:epc:id:sgln:4711004.00009.0' }],
      }),
      event({
        type: 'ObjectEvent',
        eventID: 'urn:uuid:receiving-4',
        action: 'OBSERVE',
        bizStep: 'receiving',
        quantityList: [{ epcClass: 'urn:epc:class:lgtin:4711004.012345.L1', quantity: 3 }],
        bizLocation: { id: 'urn:epc:id:sgln:4711004.00009.0' },
      }),
    ]);
    const counts = async () => (await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM supply_events) + (SELECT count(*) FROM lot_movements) + (SELECT count(*) FROM lots)
         + (SELECT count(*) FROM locations) + (SELECT count(*) FROM products) AS n`,
    ))[0]?.n;

    const first = await importEpcisDocument(db, doc, 'shipping.jsonld', actor);
    expect(first).toMatchObject({ ok: true, eventsImported: 2, duplicatesSkipped: 0, movements: 2 });
    const before = await counts();
    const again = await importEpcisDocument(db, structuredClone(doc), 'shipping.jsonld', actor);
    expect(again).toMatchObject({ ok: true, eventsImported: 0, duplicatesSkipped: 2, movements: 0, productsCreated: 0, lotsCreated: 0, locationsCreated: 0 });
    expect(await counts()).toBe(before);

    const [hashed] = await db.query<{ event_id: string; destination: string }>(
      `SELECT e.event_id, d.gln AS destination FROM supply_events e JOIN locations d ON d.id = e.destination_location_id WHERE e.biz_step = 'shipping' AND e.document = 'shipping.jsonld'`,
    );
    expect(hashed?.event_id).toMatch(/^rebound:sha-256:[0-9a-f]{64}$/);
    expect(hashed?.destination).toBe('4711004000090');
  });

  it('counts an event repeated inside one document once', async () => {
    const shipped = event({ type: 'ObjectEvent', eventID: 'urn:uuid:twice-5', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4711005.012345.1'] });
    const result = await importEpcisDocument(db, epcisDocument([shipped, shipped]), 'twice.jsonld', actor);
    expect(result).toMatchObject({ ok: true, eventsRead: 2, eventsImported: 1, duplicatesSkipped: 1, movements: 1 });
  });

  it('reads Digital Link URIs for products and for locations', async () => {
    const doc = epcisDocument([
      event({
        type: 'ObjectEvent',
        eventID: 'urn:uuid:digital-link-6',
        action: 'OBSERVE',
        bizStep: 'retail_selling',
        epcList: ['https://id.gs1.org/01/04711006123452/10/LOT6/21/SER%2F6'],
        quantityList: [{ epcClass: 'https://example.com/products/01/04711006123452/10/LOT6X?17=251231', quantity: 2 }],
        readPoint: { id: 'https://id.gs1.org/414/4711006000012/254/till-2' },
        bizLocation: { id: 'https://id.gs1.org/414/4711006000012' },
      }),
    ]);
    const result = await importEpcisDocument(db, doc, 'digital-link.jsonld', actor);

    expect(result).toMatchObject({ ok: true, eventsImported: 1, movements: 2, lotsCreated: 2, locationsCreated: 1, warnings: [] });
    expect(await movementsOf(db, 'urn:uuid:digital-link-6')).toEqual([
      { gtin: '04711006123452', lot_code: 'LOT6', serial: 'SER/6', quantity: '1', uom: null, role: 'object', gln: '4711006000012' },
      { gtin: '04711006123452', lot_code: 'LOT6X', serial: null, quantity: '2', uom: null, role: 'object', gln: '4711006000012' },
    ]);
    expect(await db.query(`SELECT expires_on FROM lots WHERE lot_code = 'LOT6X'`)).toEqual([{ expires_on: '2025-12-31' }]);
    expect(await db.query(`SELECT biz_step FROM supply_events WHERE event_id = 'urn:uuid:digital-link-6'`)).toEqual([{ biz_step: 'retail_selling' }]);
  });

  it('uses the location and product Rebound already has for a GLN and GTIN', async () => {
    await db.query(`INSERT INTO locations (external_id, gln, kind, name) VALUES ('STORE-7', '4711007000011', 'store', 'Main Street store')`);
    await db.query(`INSERT INTO products (gtin, name) VALUES ('04711007123451', 'Oat biscuits 200 g')`);
    const doc = epcisDocument([
      event({
        type: 'ObjectEvent',
        eventID: 'urn:uuid:sold-7',
        action: 'OBSERVE',
        bizStep: 'retail_selling',
        epcList: ['urn:epc:id:sgtin:4711007.012345.77'],
        bizLocation: { id: 'urn:epc:id:sgln:4711007.00001.0' },
      }),
    ]);
    const result = await importEpcisDocument(db, doc, 'sold.jsonld', actor);

    expect(result).toMatchObject({ ok: true, productsCreated: 0, locationsCreated: 0 });
    expect(await db.query(`SELECT name, kind FROM locations WHERE gln = '4711007000011'`)).toEqual([{ name: 'Main Street store', kind: 'store' }]);
    expect(await db.query(`SELECT name FROM products WHERE gtin = '04711007123451'`)).toEqual([{ name: 'Oat biscuits 200 g' }]);
    expect((await movementsOf(db, 'urn:uuid:sold-7'))[0]?.gln).toBe('4711007000011');
  });

  it('keeps source and destination parties as text and their locations as locations', async () => {
    const doc = epcisDocument([
      event({
        type: 'TransactionEvent',
        eventID: 'urn:uuid:sale-8',
        action: 'ADD',
        bizTransactionList: [{ type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:4711008000010:INV-1' }],
        quantityList: [{ epcClass: 'urn:epc:class:lgtin:4711008.012345.L8', quantity: 40 }],
        sourceList: [
          { type: 'urn:epcglobal:cbv:sdt:owning_party', source: 'urn:epc:id:pgln:4711008.00000' },
          { type: 'https://ref.gs1.org/cbv/SDT-location', source: 'urn:epc:id:sgln:4711008.00001.0' },
        ],
        destinationList: { type: 'possessing_party', destination: 'urn:epc:id:pgln:4711009.00000' },
      }),
    ]);
    expect(await importEpcisDocument(db, doc, 'sale.jsonld', actor)).toMatchObject({ ok: true, eventsImported: 1, movements: 1 });
    expect(
      await db.query(
        `SELECT e.source_owning_party, e.destination_possessing_party, s.gln AS source_gln, e.destination_location_id
         FROM supply_events e LEFT JOIN locations s ON s.id = e.source_location_id WHERE e.event_id = 'urn:uuid:sale-8'`,
      ),
    ).toEqual([
      { source_owning_party: 'urn:epc:id:pgln:4711008.00000', destination_possessing_party: 'urn:epc:id:pgln:4711009.00000', source_gln: '4711008000010', destination_location_id: null },
    ]);
  });

  it('records a later error declaration on the event it corrects', async () => {
    const original = event({ type: 'ObjectEvent', eventID: 'urn:uuid:wrong-9', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4711010.012345.9'] });
    await importEpcisDocument(db, epcisDocument([original]), 'original.jsonld', actor);
    const declaration = { ...original, errorDeclaration: { declarationTime: '2024-05-02T09:00:00Z', reason: 'urn:epcglobal:cbv:er:incorrect_data' } };
    const result = await importEpcisDocument(db, epcisDocument([declaration]), 'correction.jsonld', actor);

    expect(result).toMatchObject({ ok: true, eventsImported: 0, duplicatesSkipped: 0, errorDeclarationsApplied: 1 });
    const [stored] = await db.query<{ error_declared_at: Date; error_reason: string }>(
      `SELECT error_declared_at, error_reason FROM supply_events WHERE event_id = 'urn:uuid:wrong-9'`,
    );
    expect(stored?.error_declared_at.toISOString()).toBe('2024-05-02T09:00:00.000Z');
    expect(stored?.error_reason).toBe('incorrect_data');
  });

  it('writes nothing when one event is invalid, and the valid ones when asked to skip invalid events', async () => {
    const doc = epcisDocument([
      event({ type: 'ObjectEvent', eventID: 'urn:uuid:good-10', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4711011.012345.1'] }),
      event({ type: 'ObjectEvent', eventID: 'urn:uuid:bad-10', action: 'OBSERVE', epcList: ['https://id.gs1.org/01/04711011123450/21/2'] }),
      event({ type: 'ObjectEvent', action: 'OBSERVE', eventTime: 'yesterday' }),
    ]);
    const strict = await importEpcisDocument(db, doc, 'mixed.jsonld', actor);
    expect(strict).toMatchObject({ ok: false, eventsRead: 3, eventsImported: 0, movements: 0 });
    expect(strict.rejected).toEqual([
      { eventIndex: 1, eventId: 'urn:uuid:bad-10', reason: expect.stringMatching(/^epcList\[0\]: https:\/\/id\.gs1\.org\/01\/04711011123450\/21\/2: .*check digit/) },
      { eventIndex: 2, reason: expect.stringMatching(/^eventTime "yesterday" is not an ISO 8601 date-time/) },
    ]);
    expect(await db.query(`SELECT 1 FROM supply_events WHERE event_id = 'urn:uuid:good-10'`)).toEqual([]);
    expect(await db.query(`SELECT 1 FROM products WHERE gtin = '04711011123454'`)).toEqual([]);
    expect(await db.query(`SELECT 1 FROM audit_log WHERE entity_id = 'mixed.jsonld'`)).toEqual([]);

    const lenient = await importEpcisDocument(db, doc, 'mixed.jsonld', actor, { skipInvalid: true });
    expect(lenient).toMatchObject({ ok: true, eventsRead: 3, eventsImported: 1, movements: 1 });
    expect(lenient.rejected).toHaveLength(2);
  });

  it('keeps an event whose location is not a GLN, with a warning', async () => {
    const doc = epcisDocument([
      event({ type: 'ObjectEvent', eventID: 'urn:uuid:private-11', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4711012.012345.1'], readPoint: { id: 'urn:acme:dock:7' } }),
    ]);
    const result = await importEpcisDocument(db, doc, 'private.jsonld', actor);
    expect(result).toMatchObject({ ok: true, eventsImported: 1 });
    expect(result.warnings).toEqual([{ eventIndex: 0, eventId: 'urn:uuid:private-11', message: expect.stringMatching(/^readPoint urn:acme:dock:7 is not a GLN/) }]);
  });

  it('reads a query document and a single event sent on its own', async () => {
    const single = event({ type: 'ObjectEvent', eventID: 'urn:uuid:alone-12', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4711013.012345.1'] });
    expect(await importEpcisDocument(db, single, 'single.jsonld', actor)).toMatchObject({ ok: true, eventsImported: 1 });
    const query = {
      type: 'EPCISQueryDocument',
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [{ ...single, eventID: 'urn:uuid:queried-12' }] } } },
    };
    expect(await importEpcisDocument(db, query, 'query.jsonld', actor)).toMatchObject({ ok: true, eventsImported: 1 });
  });

  it.each([
    ['an array', [1, 2], /^not an EPCIS document: the JSON is an array/],
    ['a document without epcisBody', { type: 'EPCISDocument', schemaVersion: '2.0' }, /^EPCISDocument has no epcisBody$/],
    ['a document with another type', { type: 'Invoice', epcisBody: {} }, /^not an EPCIS document: type is "Invoice"/],
    ['a document without a type', { epcisBody: { eventList: [] } }, /no "type" field.*it has an epcisBody/],
    ['an eventList that is no list', { type: 'EPCISDocument', epcisBody: { eventList: {} } }, /eventList is an object, not a list of events/],
  ])('rejects %s with a reason', async (_name, doc, reason) => {
    const result = await importEpcisDocument(db, doc, 'bad.json', actor);
    expect(result).toMatchObject({ ok: false, eventsImported: 0 });
    expect(result.documentError).toMatch(reason);
  });
});

describe('importEpcisFile', () => {
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'rebound-epcis-'));
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('names the line of a JSON syntax error', async () => {
    const file = join(dir, 'broken.jsonld');
    writeFileSync(file, '{\n  "type": "EPCISDocument",\n  "epcisBody": {"eventList": [}\n}\n');
    const result = await importEpcisFile(db, file, actor);
    expect(result).toMatchObject({ ok: false, document: file });
    expect(result.documentError).toMatch(/^not JSON: /);
  });

  it('names the line when JSON.parse reports a position', async () => {
    const file = join(dir, 'unfinished.jsonld');
    writeFileSync(file, '{\n  "type": "EPCISDocument",\n  "epcisBody": {"eventList": []}\n  "extra": 1\n}\n');
    const result = await importEpcisFile(db, file, actor);
    expect(result.documentError).toMatch(/^not JSON: line 4 column 3: /);
  });

  it('rejects an empty file and a missing file with a reason', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect((await importEpcisFile(db, empty, actor)).documentError).toBe('not an EPCIS 2.0 document (JSON-LD or XML expected): the file is empty');
    expect((await importEpcisFile(db, join(dir, 'absent.json'), actor)).documentError).toMatch(/^cannot read the file: .*ENOENT/);
  });

  it('imports a file and stores its name with the events', async () => {
    const file = join(dir, 'shipment.jsonld');
    const doc = epcisDocument([event({ type: 'ObjectEvent', eventID: 'urn:uuid:file-1', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4711020.012345.1'] })]);
    writeFileSync(file, `\ufeff${JSON.stringify(doc, null, 2)}`);
    expect(await importEpcisFile(db, file, actor)).toMatchObject({ ok: true, eventsImported: 1, document: file });
    expect(await db.query(`SELECT document FROM supply_events WHERE event_id = 'urn:uuid:file-1'`)).toEqual([{ document: file }]);
  });
});

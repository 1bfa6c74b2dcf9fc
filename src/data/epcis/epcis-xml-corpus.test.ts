import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus } from '../../../test/corpora.ts';
import { openTestDb } from '../../../test/db.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { importEpcisFile, type EpcisImportResult } from './import-epcis.ts';
import { summariseImport } from './import-summary.ts';
import { parseEpcisText } from './read-epcis-document.ts';

/**
 * Every EPCIS 2.0 XML example GS1 publishes (corpora/epcis/XML) goes through the importer,
 * and each one that has a JSON-LD twin must leave the database exactly as the twin does:
 * the same events (type, action, business step, disposition, instant, places, parties,
 * error declaration), the same lots, locations and movements.
 */

const CORPUS = corpus('epcis');
const actor: Actor = { kind: 'system', label: 'epcis-xml-corpus-test' };

type Expected = { events: number; movements: number } | { rejected: RegExp };

const MASTER_DATA = /^an EPCIS master data document holds no events/;
const CAPTURE_JOB = /^not an EPCIS event document: the XML root is <epcis:EPCISCaptureJob>/;

const EXPECTED: Record<string, Expected> = {
  'XML/AssociationEvent/AssociationEventExamples.xml': { events: 8, movements: 3 },
  'XML/CBV/CBV-11.1-2020-06-16a.xml': { events: 1, movements: 1 },
  'XML/CBV/CBV-11.2-2020-06-16a.xml': { events: 1, movements: 0 },
  'XML/CBV/CBV-11.3-2020-06-16a.xml': { events: 1, movements: 1 },
  'XML/CBV/CBV-11.4-2020-06-16a.xml': { rejected: MASTER_DATA },
  'XML/CaptureJob/Example-CaptureJobRunning.xml': { rejected: CAPTURE_JOB },
  'XML/CaptureJob/Example-CaptureJobSuccess.xml': { rejected: CAPTURE_JOB },
  'XML/CaptureJob/Example-CaptureJobWithErrorFile.xml': { rejected: CAPTURE_JOB },
  'XML/CaptureJob/Example-CaptureJobWithErrors.xml': { rejected: CAPTURE_JOB },
  'XML/Example-PersistentDisposition.xml': { events: 2, movements: 22 },
  'XML/Example-TransactionEvent-2020_07_03y.xml': { events: 2, movements: 0 },
  'XML/Example_9.6.1-ObjectEvent-2020_06_18a.xml': { events: 2, movements: 3 },
  'XML/Mimasu/Example-associatonEvent-sensor.xml': { events: 8, movements: 2 },
  'XML/Mimasu/Example-masterData.xml': { rejected: MASTER_DATA },
  'XML/Mimasu/Example1.xml': { events: 2, movements: 3 },
  'XML/Mimasu/Example2.xml': { events: 1, movements: 1 },
  'XML/Mimasu/Example3.xml': { events: 1, movements: 4 },
  'XML/Mimasu/Example4.xml': { events: 1, movements: 9 },
  'XML/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.xml': { events: 2, movements: 8 },
  'XML/WithEventHashID/event_with_identical_hash_id_1.xml': { events: 1, movements: 5 },
  'XML/WithEventHashID/event_with_identical_hash_id_2.xml': { events: 1, movements: 5 },
  'XML/WithEventHashID/event_with_identical_hash_id_3.xml': { events: 1, movements: 5 },
  'XML/WithEventHashID/event_with_identical_hash_id_4.xml': { events: 1, movements: 5 },
  'XML/WithEventHashID/event_with_identical_hash_id_5.xml': { events: 1, movements: 5 },
  'XML/WithEventHashID/event_with_identical_hash_id_6.xml': { events: 1, movements: 5 },
  'XML/WithEventHashID/event_with_identical_hash_id_7.json': { events: 1, movements: 5 },
  'XML/WithExtension/AggregationEvent.xml': { events: 1, movements: 4 },
  'XML/WithExtension/AssociationEvent.xml': { events: 1, movements: 0 },
  'XML/WithExtension/ObjectEvent.xml': { events: 2, movements: 3 },
  'XML/WithExtension/TransactionEvent.xml': { events: 1, movements: 2 },
  'XML/WithExtension/TransformationEvent.xml': { events: 1, movements: 3 },
  'XML/WithFullCombinationOfFields/aggregation_event_all_possible_fields.xml': { events: 1, movements: 4 },
  'XML/WithFullCombinationOfFields/association_event_all_possible_fields.xml': { events: 1, movements: 2 },
  'XML/WithFullCombinationOfFields/masterdata_all_possible_fields.xml': { events: 0, movements: 0 },
  'XML/WithFullCombinationOfFields/object_event_all_possible_fields.xml': { events: 1, movements: 2 },
  'XML/WithFullCombinationOfFields/transaction_event_all_possible_fields.xml': { events: 1, movements: 3 },
  'XML/WithFullCombinationOfFields/transformation_event_all_possible_fields.xml': { events: 1, movements: 12 },
  'XML/WithSensorData/SensorDataExamples.xml': { events: 14, movements: 13 },
};

/**
 * XML file → its JSON-LD twin(s) in the GS1 repository. Where GS1's two copies of an example
 * disagree with each other, the difference is named and left out of the comparison, so what
 * is compared is everything both copies say. Not paired: the full-combination ObjectEvent (the
 * JSON copy is an ADD with ILMD naming lot ABC123, the XML copy an OBSERVE without ILMD; the
 * XML reading of ILMD is tested in read-epcis-xml.test.ts), WithErrorDeclaration (GS1's XML copy
 * has another read point and no input quantity, so lots and movements differ by design of the
 * example), the Mimasu association events (a different set of identifiers), and the files
 * with no JSON copy at all (CBV, WithExtension, WithSensorData).
 */
const TWINS: { xml: string; json: string[]; gs1Differs?: readonly (keyof EventFacts)[] }[] = [
  { xml: 'XML/AssociationEvent/AssociationEventExamples.xml', json: 'abcdefgh'.split('').map((x) => `JSON/AssociationEvent/AssociationEvent-${x}.jsonld`) },
  { xml: 'XML/Example-PersistentDisposition.xml', json: ['JSON-simple-context/PersistentDisposition-example.jsonld'] },
  { xml: 'XML/Example-TransactionEvent-2020_07_03y.xml', json: ['JSON/Example-TransactionEvents-2020_07_03y.jsonld'] },
  { xml: 'XML/Example_9.6.1-ObjectEvent-2020_06_18a.xml', json: ['JSON/Example_9.6.1-ObjectEvent.jsonld'] },
  { xml: 'XML/Mimasu/Example1.xml', json: ['JSON/Example_9.6.1-ObjectEvent.jsonld'] },
  { xml: 'XML/Mimasu/Example2.xml', json: ['JSON/Example_9.6.2-ObjectEvent.jsonld'] },
  { xml: 'XML/Mimasu/Example3.xml', json: ['JSON/Example_9.6.3-AggregationEvent.jsonld'] },
  { xml: 'XML/Mimasu/Example4.xml', json: ['JSON/Example_9.6.4-TransformationEvent.jsonld'] },
  // The JSON copies declare an error on the event; GS1's XML copies do not.
  ...['aggregation', 'association', 'transaction', 'transformation'].map((kind) => ({
    xml: `XML/WithFullCombinationOfFields/${kind}_event_all_possible_fields.xml`,
    json: [`JSON/WithFullCombinationOfFields/${kind}_event_all_possible_fields.jsonld`],
    gs1Differs: ['errorDeclaredAt', 'errorReason'] as const,
  })),
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ xml: `XML/WithEventHashID/event_with_identical_hash_id_${n}.xml`, json: ['XML/WithEventHashID/event_with_identical_hash_id_7.json'] })),
];

interface EventFacts {
  type: string;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  at: string;
  readPoint: string | null;
  bizLocation: string | null;
  source: string | null;
  destination: string | null;
  parties: string;
  errorDeclaredAt: string | null;
  errorReason: string | null;
}

interface DatabaseFacts {
  events: Partial<EventFacts>[];
  movements: string[];
  lots: string[];
  locations: string[];
}

function listXmlFolderFiles(): string[] {
  return readdirSync(join(CORPUS, 'XML'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(xml|json)$/.test(entry.name))
    .map((entry) => relative(CORPUS, join(entry.parentPath, entry.name)))
    .sort();
}

async function emptySupplyData(db: Db): Promise<void> {
  await db.query('DELETE FROM lot_movements');
  await db.query('DELETE FROM supply_events');
  await db.query('DELETE FROM lots');
  await db.query('DELETE FROM locations');
  await db.query('DELETE FROM products');
}

async function readFacts(db: Db, gs1Differs: readonly (keyof EventFacts)[] = []): Promise<DatabaseFacts> {
  const events = await db.query<EventFacts>(
    `SELECT e.event_type AS type, e.action, e.biz_step AS "bizStep", e.disposition,
            to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at,
            rp.gln AS "readPoint", bl.gln AS "bizLocation", sl.gln AS source, dl.gln AS destination,
            concat_ws(' ', e.source_owning_party, e.source_possessing_party, e.destination_owning_party, e.destination_possessing_party) AS parties,
            to_char(e.error_declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS "errorDeclaredAt", e.error_reason AS "errorReason"
     FROM supply_events e
     LEFT JOIN locations rp ON rp.id = e.read_point_location_id
     LEFT JOIN locations bl ON bl.id = e.biz_location_id
     LEFT JOIN locations sl ON sl.id = e.source_location_id
     LEFT JOIN locations dl ON dl.id = e.destination_location_id`,
  );
  const movements = await db.query<{ line: string }>(
    `SELECT concat_ws(' | ', to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), m.role, p.gtin, l.lot_code, m.serial,
              m.quantity::float8::text, m.uom, loc.gln) AS line
     FROM lot_movements m JOIN supply_events e ON e.id = m.supply_event_id JOIN products p ON p.id = m.product_id
     LEFT JOIN lots l ON l.id = m.lot_id LEFT JOIN locations loc ON loc.id = m.location_id
     ORDER BY line`,
  );
  const lots = await db.query<{ line: string }>(
    `SELECT concat_ws(' ', p.gtin, l.lot_code, l.expires_on::text) AS line FROM lots l JOIN products p ON p.id = l.product_id ORDER BY line`,
  );
  const locations = await db.query<{ line: string }>(`SELECT concat_ws(' ', gln, kind) AS line FROM locations ORDER BY line`);
  return {
    // Sorted as text: two events can share their time, type and step, and the order in the table is not a fact.
    events: events
      .map((event) => Object.fromEntries(Object.entries(event).filter(([key]) => !gs1Differs.includes(key as keyof EventFacts))))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    movements: movements.map((row) => row.line),
    lots: lots.map((row) => row.line),
    locations: locations.map((row) => row.line),
  };
}

function outcomeOf(result: EpcisImportResult): Expected | string {
  if (result.ok) return { events: result.eventsImported, movements: result.movements };
  return result.documentError ?? result.rejected.map((r) => `event ${r.eventIndex}: ${r.reason}`).join('; ');
}

describe('EPCIS 2.0 XML example corpus', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  const files = listXmlFolderFiles();

  it('lists every file of the XML folder in the expected outcomes, and nothing else', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it('imports every event document and refuses the others with their reason', async () => {
    const table: string[] = [];
    for (const file of files) {
      await emptySupplyData(db);
      const result = await importEpcisFile(db, join(CORPUS, file), actor);
      table.push(`${file.padEnd(80)} ${summariseImport(result)}`);
      const expected = EXPECTED[file]!;
      const outcome = outcomeOf(result);
      if ('rejected' in expected) expect(outcome, file).toMatch(expected.rejected);
      else expect(outcome, file).toEqual(expected);
      if (result.ok) expect(result.rejected, file).toEqual([]);
    }
    console.log(`EPCIS XML corpus (${files.length} files)\n${table.join('\n')}`);
  });

  for (const twin of TWINS) {
    it(`${twin.xml} imports as ${twin.json.join(', ')}`, async () => {
      await emptySupplyData(db);
      for (const json of twin.json) expect((await importEpcisFile(db, join(CORPUS, json), actor)).ok, json).toBe(true);
      const fromJson = await readFacts(db, twin.gs1Differs);
      await emptySupplyData(db);
      expect((await importEpcisFile(db, join(CORPUS, twin.xml), actor)).ok, twin.xml).toBe(true);
      const fromXml = await readFacts(db, twin.gs1Differs);
      expect(fromXml.events.length).toBeGreaterThan(0);
      expect(fromXml).toEqual(fromJson);
    });
  }

  it('rejects every XML example cut in half with a reason that names a line, without throwing', () => {
    for (const file of files.filter((name) => name.endsWith('.xml'))) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const half = parseEpcisText(text.slice(0, Math.floor(text.length / 2)));
      expect(half.ok, file).toBe(false);
      if (!half.ok) expect(half.reason, file).toMatch(/^not well-formed XML: .*line \d+/);
    }
  });
});

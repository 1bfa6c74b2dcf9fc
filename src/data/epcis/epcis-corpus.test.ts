import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus } from '../../../test/corpora.ts';
import { openTestDb } from '../../../test/db.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { importEpcisDocument, importEpcisFile, type EpcisImportResult } from './import-epcis.ts';
import { summariseImport } from './import-summary.ts';
import { parseJsonText } from './read-epcis-document.ts';

/**
 * Every JSON / JSON-LD example GS1 publishes with EPCIS 2.0 (corpora/epcis, a copy of shared/corpora) goes through
 * the importer. The expected outcome of each file is written out below so that a change in
 * behaviour on any of them fails this test instead of passing unnoticed.
 */

const CORPUS = corpus('epcis');
const FOLDERS = ['JSON', 'JSON-simple-context'];
const actor: Actor = { kind: 'system', label: 'epcis-corpus-test' };

type Expected = { events: number; movements: number } | 'rejected';

/**
 * AssociationEvents and the rail TransactionEvents name assets (GRAI, GIAI, GSRN), not
 * products, so they are stored as events with no movements. The simple-context variants differ
 * from the full-context ones in places (e.g. PersistentDisposition has AggregationEvents with an
 * SGTIN parent), hence different movement counts.
 */
const EXPECTED: Record<string, Expected> = {
  'JSON/AssociationEvent/AssociationEvent-a.jsonld': { events: 1, movements: 0 },
  'JSON/AssociationEvent/AssociationEvent-b.jsonld': { events: 1, movements: 0 },
  'JSON/AssociationEvent/AssociationEvent-c.jsonld': { events: 1, movements: 0 },
  'JSON/AssociationEvent/AssociationEvent-d.jsonld': { events: 1, movements: 0 },
  'JSON/AssociationEvent/AssociationEvent-e.jsonld': { events: 1, movements: 2 },
  'JSON/AssociationEvent/AssociationEvent-f.jsonld': { events: 1, movements: 1 },
  'JSON/AssociationEvent/AssociationEvent-g.jsonld': { events: 1, movements: 0 },
  'JSON/AssociationEvent/AssociationEvent-h.jsonld': { events: 1, movements: 0 },
  'JSON/EPCISQueryDocument.jsonld': { events: 2, movements: 3 },
  'JSON/Example-TransactionEvents-2020_07_03y.jsonld': { events: 2, movements: 0 },
  'JSON/Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld': { events: 1, movements: 1 },
  'JSON/Example_9.6.1-ObjectEvent-with-pseudo-SBDH-headers.jsonld': { events: 2, movements: 3 },
  'JSON/Example_9.6.1-ObjectEvent.jsonld': { events: 2, movements: 3 },
  'JSON/Example_9.6.1-with-comment.jsonld': { events: 2, movements: 3 },
  'JSON/Example_9.6.2-ObjectEvent.jsonld': { events: 1, movements: 1 },
  'JSON/Example_9.6.3-AggregationEvent.jsonld': { events: 1, movements: 4 },
  'JSON/Example_9.6.4-TransformationEvent.jsonld': { events: 1, movements: 9 },
  'JSON/PersistentDisposition-example.jsonld': { events: 2, movements: 20 },
  'JSON/WithDigitalLinkID/Example_9.6.1-ObjectEventWithDigitalLink.jsonld': { events: 2, movements: 3 },
  'JSON/WithDigitalLinkID/Example_9.6.2-ObjectEventWithDigitalLink.jsonld': { events: 1, movements: 1 },
  'JSON/WithDigitalLinkID/Example_9.6.3-AggregationEventWithDigitalLink.jsonld': { events: 1, movements: 4 },
  'JSON/WithDigitalLinkID/Example_9.6.4-TransformationEventWithDigitalLink.jsonld': { events: 1, movements: 9 },
  'JSON/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld': { events: 2, movements: 8 },
  'JSON/WithErrorDeclaration/Example_9.6.1-ObjectEvent-with-error-declaration.jsonld': { events: 2, movements: 3 },
  'JSON/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld': { events: 1, movements: 4 },
  'JSON/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld': { events: 1, movements: 2 },
  'JSON/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld': { events: 1, movements: 2 },
  'JSON/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld': { events: 1, movements: 3 },
  'JSON/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld': { events: 1, movements: 12 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-a.jsonld': { events: 1, movements: 0 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-b.jsonld': { events: 1, movements: 0 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-c.jsonld': { events: 1, movements: 0 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-d.jsonld': { events: 1, movements: 0 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-e.jsonld': { events: 1, movements: 2 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-f.jsonld': { events: 1, movements: 1 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-g.jsonld': { events: 1, movements: 0 },
  'JSON-simple-context/AssociationEvent/AssociationEvent-h.jsonld': { events: 1, movements: 0 },
  'JSON-simple-context/Example-TransactionEvents-2020_07_03y.jsonld': { events: 2, movements: 0 },
  'JSON-simple-context/Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld': { events: 1, movements: 1 },
  'JSON-simple-context/Example_9.6.1-ObjectEvent-with-pseudo-SBDH-headers.jsonld': { events: 2, movements: 3 },
  'JSON-simple-context/Example_9.6.1-ObjectEvent.jsonld': { events: 2, movements: 3 },
  'JSON-simple-context/Example_9.6.1-with-comment.jsonld': { events: 2, movements: 3 },
  'JSON-simple-context/Example_9.6.2-ObjectEvent.jsonld': { events: 1, movements: 1 },
  'JSON-simple-context/Example_9.6.3-AggregationEvent.jsonld': { events: 1, movements: 4 },
  'JSON-simple-context/Example_9.6.4-TransformationEvent.jsonld': { events: 1, movements: 9 },
  'JSON-simple-context/PersistentDisposition-example.jsonld': { events: 2, movements: 22 },
  'JSON-simple-context/WithDigitalLinkID/Example_9.6.1-ObjectEventWithDigitalLink.jsonld': { events: 2, movements: 3 },
  'JSON-simple-context/WithDigitalLinkID/Example_9.6.2-ObjectEventWithDigitalLink.jsonld': { events: 1, movements: 1 },
  'JSON-simple-context/WithDigitalLinkID/Example_9.6.3-AggregationEventWithDigitalLink.jsonld': { events: 1, movements: 4 },
  'JSON-simple-context/WithDigitalLinkID/Example_9.6.4-TransformationEventWithDigitalLink.jsonld': { events: 1, movements: 9 },
  'JSON-simple-context/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld': { events: 2, movements: 8 },
  'JSON-simple-context/WithErrorDeclaration/Example_9.6.1-ObjectEvent-with-error-declaration.jsonld': { events: 2, movements: 3 },
  'JSON-simple-context/WithFullCombinationOfFields/aggregation_event_all_possible_fields.jsonld': { events: 1, movements: 4 },
  'JSON-simple-context/WithFullCombinationOfFields/association_event_all_possible_fields.jsonld': { events: 1, movements: 2 },
  'JSON-simple-context/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld': { events: 1, movements: 2 },
  'JSON-simple-context/WithFullCombinationOfFields/transaction_event_all_possible_fields.jsonld': { events: 1, movements: 3 },
  'JSON-simple-context/WithFullCombinationOfFields/transformation_event_all_possible_fields.jsonld': { events: 1, movements: 12 },
};

function listCorpusFiles(): string[] {
  return FOLDERS.flatMap((folder) =>
    readdirSync(join(CORPUS, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(CORPUS, join(entry.parentPath, entry.name))),
  ).sort();
}

function outcomeOf(result: EpcisImportResult): Expected {
  return result.ok ? { events: result.eventsImported, movements: result.movements } : 'rejected';
}

describe('EPCIS 2.0 example corpus', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  const files = listCorpusFiles();

  it('lists every corpus file in the expected outcomes, and nothing else', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it('imports or rejects with a reason every file, as expected', async () => {
    const table: string[] = [];
    const outcomes: Record<string, Expected> = {};
    for (const file of files) {
      // Several examples share eventIDs; each file is judged on its own, not as a duplicate of another.
      await db.query('DELETE FROM supply_events');
      const result = await importEpcisFile(db, join(CORPUS, file), actor);
      if (result.ok) expect(result.eventsImported, file).toBeGreaterThanOrEqual(1);
      else expect(result.documentError ?? result.rejected[0]?.reason, file).toMatch(/\S/);
      outcomes[file] = outcomeOf(result);
      table.push(`${file.padEnd(96)} ${summariseImport(result)}`);
    }
    console.log(`EPCIS corpus (${files.length} files)\n${table.join('\n')}`);
    expect(outcomes).toEqual(EXPECTED);
  });

  it('rejects every corpus file cut in half with a reason that names the line, without throwing', async () => {
    for (const file of files) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const half = parseJsonText(text.slice(0, Math.floor(text.length / 2)));
      expect(half.ok, file).toBe(false);
      if (!half.ok) expect(half.reason, file).toMatch(/^not JSON: /);
    }
  });

  const MUTATIONS: { name: string; mutate: (event: Record<string, unknown>) => void; reason: RegExp }[] = [
    { name: 'without eventTime', mutate: (event) => delete event.eventTime, reason: /"eventTime" is missing/ },
    { name: 'with 30 February', mutate: (event) => (event.eventTime = '2021-02-30T10:00:00Z'), reason: /not a real calendar date/ },
    { name: 'with a cut-off SGLN', mutate: (event) => (event.readPoint = { id: 'urn:epc:id:sgln:0614141.0734' }), reason: /^readPoint: / },
    { name: 'of an unknown type', mutate: (event) => (event.type = 'SensorEvent'), reason: /unsupported event type "SensorEvent"/ },
  ];

  for (const { name, mutate, reason } of MUTATIONS) {
    it(`rejects every corpus event ${name}, with a reason and without throwing`, async () => {
      for (const file of files) {
        const doc = JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as CorpusDocument;
        const events = eventsOf(doc);
        events.forEach(mutate);
        const result = await importEpcisDocument(db, doc, file, actor);
        expect(result.ok, file).toBe(false);
        expect(result.rejected.map((r) => r.eventIndex), file).toEqual(events.map((_, index) => index));
        for (const rejected of result.rejected) expect(rejected.reason, file).toMatch(reason);
      }
    });
  }
});

type CorpusDocument = { epcisBody: { eventList?: Record<string, unknown>[]; queryResults?: { resultsBody: { eventList: Record<string, unknown>[] } } } };

function eventsOf(doc: CorpusDocument): Record<string, unknown>[] {
  return doc.epcisBody.eventList ?? doc.epcisBody.queryResults?.resultsBody.eventList ?? [];
}

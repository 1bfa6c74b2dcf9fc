import { readFile } from 'node:fs/promises';
import type { Db } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { NormalisedEvent } from './epcis-event.ts';
import { MasterDataConflict } from './master-data.ts';
import { normaliseEvent } from './normalise-event.ts';
import { findEventList, parseEpcisText } from './read-epcis-document.ts';
import { writeSupplyEvents, type WriteCounts } from './write-supply-events.ts';

export interface EpcisImportOptions {
  /**
   * Write the valid events of a document that has invalid ones. Off by default: a partial
   * supply-chain record looks complete and misleads a recall, so one bad event stops the file.
   */
  skipInvalid?: boolean;
}

export interface RejectedEvent {
  /** 0-based position in the document's event list. */
  eventIndex: number;
  eventId?: string;
  reason: string;
}

export interface EventWarning {
  eventIndex: number;
  eventId: string;
  message: string;
}

export interface EpcisImportResult extends WriteCounts {
  /** True when the document was written (all events valid, or invalid ones skipped on request). */
  ok: boolean;
  document: string;
  /** Events found in the document, valid or not. */
  eventsRead: number;
  /** Why the document as a whole could not be read (not JSON, not EPCIS…); events are not looked at then. */
  documentError?: string;
  rejected: RejectedEvent[];
  warnings: EventWarning[];
}

const NOTHING_WRITTEN: WriteCounts = {
  eventsImported: 0,
  duplicatesSkipped: 0,
  errorDeclarationsApplied: 0,
  movements: 0,
  productsCreated: 0,
  lotsCreated: 0,
  locationsCreated: 0,
};

/** `rebound import epcis <file>`: reads a GS1 EPCIS 2.0 JSON-LD or XML file. Never throws for a bad file. */
export async function importEpcisFile(db: Db, filePath: string, actor: Actor, options: EpcisImportOptions = {}): Promise<EpcisImportResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return documentRejected(filePath, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return importEpcisText(db, text, filePath, actor, options);
}

/** An EPCIS document as text, JSON-LD or XML (the API's body, a file's content). Never throws for a bad document. */
export async function importEpcisText(db: Db, text: string, sourceName: string, actor: Actor, options: EpcisImportOptions = {}): Promise<EpcisImportResult> {
  const doc = parseEpcisText(text);
  if (!doc.ok) return documentRejected(sourceName, doc.reason);
  return importEpcisDocument(db, doc.value, sourceName, actor, options);
}

/** Imports an already parsed EPCIS document; `sourceName` is stored with each event and in the audit log. */
export async function importEpcisDocument(db: Db, doc: unknown, sourceName: string, actor: Actor, options: EpcisImportOptions = {}): Promise<EpcisImportResult> {
  const eventList = findEventList(doc);
  if (!eventList.ok) return documentRejected(sourceName, eventList.reason);

  const { valid, rejected } = normaliseAll(eventList.value);
  const warnings = valid.flatMap((event) => event.warnings.map((message) => ({ eventIndex: event.index, eventId: event.eventId, message })));
  const summary = { document: sourceName, eventsRead: eventList.value.length, rejected, warnings };
  if (rejected.length > 0 && !options.skipInvalid) return { ok: false, ...summary, ...NOTHING_WRITTEN };

  const { events, repeats } = dropRepeatsWithinDocument(valid);
  try {
    const counts = await db.transaction(async (tx) => {
      const written = await writeSupplyEvents(tx, events, sourceName);
      const total = { ...written, duplicatesSkipped: written.duplicatesSkipped + repeats };
      await recordAudit(tx, actor, {
        action: 'import',
        entity: 'epcis',
        entityId: sourceName,
        details: { ...total, document: sourceName, eventsRead: summary.eventsRead, eventsRejected: rejected.length },
      });
      return total;
    });
    return { ok: true, ...summary, ...counts };
  } catch (error) {
    if (error instanceof MasterDataConflict) return { ok: false, ...summary, documentError: error.message, ...NOTHING_WRITTEN };
    throw error;
  }
}

function normaliseAll(rawEvents: readonly unknown[]): { valid: NormalisedEvent[]; rejected: RejectedEvent[] } {
  const valid: NormalisedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  for (const [index, raw] of rawEvents.entries()) {
    const result = normaliseEvent(raw, index);
    if (result.ok) valid.push(result.event);
    else rejected.push(result.eventId === undefined ? { eventIndex: index, reason: result.reason } : { eventIndex: index, eventId: result.eventId, reason: result.reason });
  }
  return { valid, rejected };
}

/**
 * The same eventID twice in one document: the first is kept. When a later copy is the
 * sender's error declaration for it, the declaration is carried over rather than lost.
 */
export function dropRepeatsWithinDocument(events: readonly NormalisedEvent[]): { events: NormalisedEvent[]; repeats: number } {
  const byId = new Map<string, NormalisedEvent>();
  for (const event of events) {
    const kept = byId.get(event.eventId);
    if (!kept) byId.set(event.eventId, event);
    else if (!kept.errorDeclaration && event.errorDeclaration) byId.set(event.eventId, { ...kept, errorDeclaration: event.errorDeclaration });
  }
  return { events: [...byId.values()], repeats: events.length - byId.size };
}

function documentRejected(document: string, reason: string): EpcisImportResult {
  return { ok: false, document, eventsRead: 0, documentError: reason, rejected: [], warnings: [], ...NOTHING_WRITTEN };
}

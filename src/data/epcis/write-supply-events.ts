import type { Db } from '../../platform/db/database.ts';
import type { EventItem, GlnPlace, NormalisedEvent } from './epcis-event.ts';
import { findOrCreateLocations, findOrCreateLots, findOrCreateProducts, inChunks, lotKey, type GuessedLocationKind, type WantedLot } from './master-data.ts';

/**
 * Writes normalised events in a handful of set-based statements (master data, events,
 * movements), inside the caller's transaction so a document lands whole or not at all.
 */

export interface WriteCounts {
  eventsImported: number;
  duplicatesSkipped: number;
  errorDeclarationsApplied: number;
  movements: number;
  productsCreated: number;
  lotsCreated: number;
  locationsCreated: number;
}

export async function writeSupplyEvents(tx: Db, events: readonly NormalisedEvent[], document: string): Promise<WriteCounts> {
  const products = await findOrCreateProducts(tx, events.flatMap((event) => event.items.map((item) => item.gtin)));
  const lots = await findOrCreateLots(tx, wantedLots(events, products.ids));
  const locations = await findOrCreateLocations(tx, guessLocationKinds(events));
  const errorDeclarationsApplied = await applyErrorDeclarations(tx, events);
  const inserted = await insertEvents(tx, events, locations.ids, document);
  const newEvents = events.filter((event) => inserted.has(event.eventId));
  const movements = await insertMovements(tx, newEvents, inserted, { products: products.ids, lots: lots.ids, locations: locations.ids });
  return {
    eventsImported: inserted.size,
    duplicatesSkipped: events.length - inserted.size - errorDeclarationsApplied,
    errorDeclarationsApplied,
    movements,
    productsCreated: products.created,
    lotsCreated: lots.created,
    locationsCreated: locations.created,
  };
}

function wantedLots(events: readonly NormalisedEvent[], productIds: ReadonlyMap<string, number>): WantedLot[] {
  return events.flatMap((event) =>
    event.items.flatMap((item) => {
      const productId = productIds.get(item.gtin);
      if (item.lot === undefined || productId === undefined) return [];
      return [item.lotExpiry === undefined ? { productId, lotCode: item.lot } : { productId, lotCode: item.lot, expiresOn: item.lotExpiry }];
    }),
  );
}

/**
 * A new location needs a kind. Where goods are commissioned is where they are made, so such a
 * place is a plant; anything else seen in EPCIS is most likely a warehouse. A person corrects
 * it later; an existing location keeps the kind it has.
 */
export function guessLocationKinds(events: readonly NormalisedEvent[]): Map<string, GuessedLocationKind> {
  const kinds = new Map<string, GuessedLocationKind>();
  for (const event of events) {
    const commissioning = event.bizStep === 'commissioning';
    for (const place of [event.readPoint, event.bizLocation]) {
      if (place) kinds.set(place.gln, commissioning || kinds.get(place.gln) === 'plant' ? 'plant' : 'warehouse');
    }
    for (const place of [event.sourceLocation, event.destinationLocation]) {
      if (place && !kinds.has(place.gln)) kinds.set(place.gln, 'warehouse');
    }
  }
  return kinds;
}

/**
 * EPCIS corrects a wrong event by sending it again, same eventID, with an errorDeclaration.
 * When Rebound already holds that event, the declaration is recorded on it (the insert that
 * follows then skips it); this is not a duplicate.
 */
async function applyErrorDeclarations(tx: Db, events: readonly NormalisedEvent[]): Promise<number> {
  const declarations = events.flatMap((event) =>
    event.errorDeclaration ? [{ event_id: event.eventId, declared_at: event.errorDeclaration.declaredAt, reason: event.errorDeclaration.reason ?? null }] : [],
  );
  let applied = 0;
  for (const chunk of inChunks(declarations)) {
    const rows = await tx.query(
      `UPDATE supply_events s SET error_declared_at = d.declared_at, error_reason = d.reason
       FROM jsonb_to_recordset($1::jsonb) AS d(event_id text, declared_at timestamptz, reason text)
       WHERE s.event_id = d.event_id AND s.error_declared_at IS NULL
       RETURNING s.id`,
      [JSON.stringify(chunk)],
    );
    applied += rows.length;
  }
  return applied;
}

/** Returns eventId → supply_events.id for the events this call inserted (not those already there). */
async function insertEvents(tx: Db, events: readonly NormalisedEvent[], locationIds: ReadonlyMap<string, number>, document: string): Promise<Map<string, number>> {
  const locationOf = (place: GlnPlace | null) => (place ? (locationIds.get(place.gln) ?? null) : null);
  const inserted = new Map<string, number>();
  for (const chunk of inChunks(events)) {
    const rows = chunk.map((event) => ({
      event_id: event.eventId,
      event_type: event.type,
      action: event.action,
      biz_step: event.bizStep,
      disposition: event.disposition,
      event_time: event.eventTime,
      event_time_zone_offset: event.eventTimeZoneOffset,
      read_point_location_id: locationOf(event.readPoint),
      biz_location_id: locationOf(event.bizLocation),
      source_location_id: locationOf(event.sourceLocation),
      destination_location_id: locationOf(event.destinationLocation),
      source_owning_party: event.parties.sourceOwning ?? null,
      source_possessing_party: event.parties.sourcePossessing ?? null,
      destination_owning_party: event.parties.destinationOwning ?? null,
      destination_possessing_party: event.parties.destinationPossessing ?? null,
      error_declared_at: event.errorDeclaration?.declaredAt ?? null,
      error_reason: event.errorDeclaration?.reason ?? null,
      raw: event.raw,
    }));
    const result = await tx.query<{ id: number; event_id: string }>(
      `INSERT INTO supply_events (event_id, event_type, action, biz_step, disposition, event_time, event_time_zone_offset,
         read_point_location_id, biz_location_id, source_location_id, destination_location_id,
         source_owning_party, source_possessing_party, destination_owning_party, destination_possessing_party,
         error_declared_at, error_reason, document, raw)
       SELECT e.event_id, e.event_type, e.action, e.biz_step, e.disposition, e.event_time, e.event_time_zone_offset,
         e.read_point_location_id, e.biz_location_id, e.source_location_id, e.destination_location_id,
         e.source_owning_party, e.source_possessing_party, e.destination_owning_party, e.destination_possessing_party,
         e.error_declared_at, e.error_reason, $2, e.raw
       FROM jsonb_to_recordset($1::jsonb) AS e(event_id text, event_type text, action text, biz_step text, disposition text,
         event_time timestamptz, event_time_zone_offset text, read_point_location_id bigint, biz_location_id bigint,
         source_location_id bigint, destination_location_id bigint, source_owning_party text, source_possessing_party text,
         destination_owning_party text, destination_possessing_party text, error_declared_at timestamptz, error_reason text, raw jsonb)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING id, event_id`,
      [JSON.stringify(rows), document],
    );
    for (const row of result) inserted.set(row.event_id, row.id);
  }
  return inserted;
}

interface IdMaps {
  products: ReadonlyMap<string, number>;
  lots: ReadonlyMap<string, number>;
  locations: ReadonlyMap<string, number>;
}

async function insertMovements(tx: Db, events: readonly NormalisedEvent[], eventIds: ReadonlyMap<string, number>, ids: IdMaps): Promise<number> {
  const rows = events.flatMap((event) => {
    // Where the goods were when it happened: the business location if given, else where they were read.
    const place = event.bizLocation ?? event.readPoint;
    const locationId = place ? (ids.locations.get(place.gln) ?? null) : null;
    return event.items.map((item) => movementRow(item, eventIds.get(event.eventId), locationId, ids));
  });
  for (const chunk of inChunks(rows)) {
    await tx.query(
      `INSERT INTO lot_movements (supply_event_id, product_id, lot_id, serial, quantity, uom, role, location_id)
       SELECT m.supply_event_id, m.product_id, m.lot_id, m.serial, m.quantity, m.uom, m.role, m.location_id
       FROM jsonb_to_recordset($1::jsonb) AS m(supply_event_id bigint, product_id bigint, lot_id bigint, serial text,
         quantity numeric, uom text, role text, location_id bigint)`,
      [JSON.stringify(chunk)],
    );
  }
  return rows.length;
}

function movementRow(item: EventItem, supplyEventId: number | undefined, locationId: number | null, ids: IdMaps) {
  const productId = ids.products.get(item.gtin);
  if (supplyEventId === undefined || productId === undefined) {
    // findOrCreate* returned every key asked for; reaching this is a bug, not bad input.
    throw new Error(`internal: no id for event or product ${item.gtin}`);
  }
  return {
    supply_event_id: supplyEventId,
    product_id: productId,
    lot_id: item.lot === undefined ? null : (ids.lots.get(lotKey(productId, item.lot)) ?? null),
    serial: item.serial ?? null,
    quantity: item.quantity,
    uom: item.uom ?? null,
    role: item.role,
    location_id: locationId,
  };
}

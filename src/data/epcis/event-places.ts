import { normaliseSourceDestType } from './cbv-vocabulary.ts';
import type { Checked, GlnPlace, PartyRefs } from './epcis-event.ts';
import { asList } from './event-fields.ts';
import { readPlaceIdentifier } from './gs1-identifiers.ts';
import { describeJsonValue, isRecord } from './read-epcis-document.ts';

/**
 * Where an event happened (readPoint, bizLocation) and between whom / where goods moved
 * (sourceList, destinationList). A place that is not a GLN is not an error — EPCIS allows a
 * company's own location URIs — but Rebound cannot file it under a location, so it is
 * reported as a warning and kept in the raw event.
 */

export interface EventPlaces {
  readPoint: GlnPlace | null;
  bizLocation: GlnPlace | null;
  sourceLocation: GlnPlace | null;
  destinationLocation: GlnPlace | null;
  parties: PartyRefs;
  warnings: string[];
}

export function readEventPlaces(raw: Record<string, unknown>): Checked<EventPlaces> {
  const warnings: string[] = [];
  const readPoint = readPlaceField(raw, 'readPoint', warnings);
  if (!readPoint.ok) return readPoint;
  const bizLocation = readPlaceField(raw, 'bizLocation', warnings);
  if (!bizLocation.ok) return bizLocation;
  const sources = readSourceDestList(raw, 'sourceList', 'source', warnings);
  if (!sources.ok) return sources;
  const destinations = readSourceDestList(raw, 'destinationList', 'destination', warnings);
  if (!destinations.ok) return destinations;
  const parties: PartyRefs = {};
  if (sources.value.owningParty) parties.sourceOwning = sources.value.owningParty;
  if (sources.value.possessingParty) parties.sourcePossessing = sources.value.possessingParty;
  if (destinations.value.owningParty) parties.destinationOwning = destinations.value.owningParty;
  if (destinations.value.possessingParty) parties.destinationPossessing = destinations.value.possessingParty;
  return {
    ok: true,
    value: {
      readPoint: readPoint.value,
      bizLocation: bizLocation.value,
      sourceLocation: sources.value.location,
      destinationLocation: destinations.value.location,
      parties,
      warnings,
    },
  };
}

/** `{"id": uri}` as EPCIS 2.0 writes it; a bare URI string is accepted too (JSON-LD @id shorthand). */
function readPlaceField(raw: Record<string, unknown>, field: 'readPoint' | 'bizLocation', warnings: string[]): Checked<GlnPlace | null> {
  const value = raw[field];
  if (value === undefined || value === null) return { ok: true, value: null };
  const id = isRecord(value) ? value.id : value;
  if (typeof id !== 'string') return { ok: false, reason: `${field}.id is ${describeJsonValue(id)}, not a URI` };
  return placeOrWarning(id, field, warnings);
}

function placeOrWarning(uri: string, field: string, warnings: string[]): Checked<GlnPlace | null> {
  const place = readPlaceIdentifier(uri);
  if (place.kind === 'invalid') return { ok: false, reason: `${field}: ${place.reason}` };
  if (place.kind === 'not-a-gln') {
    warnings.push(`${field} ${uri} is not a GLN (sgln or Digital Link /414/); kept in the raw event only`);
    return { ok: true, value: null };
  }
  return { ok: true, value: place.place };
}

interface SourceDestSide {
  location: GlnPlace | null;
  owningParty?: string;
  possessingParty?: string;
}

/**
 * The first entry of each CBV type wins; further ones (unusual) stay in the raw event.
 * Types other than the three CBV ones are a company's own and are left in raw as well.
 */
function readSourceDestList(
  raw: Record<string, unknown>,
  field: 'sourceList' | 'destinationList',
  valueKey: 'source' | 'destination',
  warnings: string[],
): Checked<SourceDestSide> {
  const side: SourceDestSide = { location: null };
  for (const [position, entry] of asList(raw[field]).entries()) {
    const where = `${field}[${position}]`;
    if (!isRecord(entry) || typeof entry.type !== 'string' || typeof entry[valueKey] !== 'string') {
      return { ok: false, reason: `${where} must be an object with a "type" and a "${valueKey}" URI` };
    }
    const type = normaliseSourceDestType(entry.type);
    const uri = entry[valueKey] as string;
    if (type === 'location' && side.location === null) {
      const place = placeOrWarning(uri, where, warnings);
      if (!place.ok) return place;
      side.location = place.value;
    } else if (type === 'owning_party') {
      side.owningParty ??= uri;
    } else if (type === 'possessing_party') {
      side.possessingParty ??= uri;
    }
  }
  return { ok: true, value: side };
}

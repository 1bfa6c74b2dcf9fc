import { isValidGln, parseDigitalLink, parseEpcUri } from '../gs1/index.ts';
import type { GlnPlace } from './epcis-event.ts';

/**
 * What an identifier in an EPCIS event means to Rebound. EPCIS carries many kinds of
 * identifier (pallets, returnable assets, party numbers, a company's own URIs); only GS1
 * product keys become movements and only GLNs become locations. A GS1 key that is written
 * wrongly (bad check digit, wrong length) is an error: importing it would trace the wrong
 * product or place.
 */

export type ObjectIdentity =
  | { kind: 'product'; gtin: string; lot?: string; serial?: string; expiry?: string }
  | { kind: 'not-a-product' }
  | { kind: 'invalid'; reason: string };

export type PlaceIdentity =
  | { kind: 'gln'; place: GlnPlace }
  | { kind: 'not-a-gln' }
  | { kind: 'invalid'; reason: string };

const EPC_URN = /^urn:epc:/i;
const HTTP_URI = /^https?:\/\//i;

/** A path segment "01" followed by digits: the Digital Link of a GTIN (on any resolver host). */
const GTIN_DIGITAL_LINK = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/01\/\d/i;
/** "/414/{gln}" optionally followed by "/254/{extension}": the Digital Link of a location. */
const GLN_DIGITAL_LINK = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/414\/([^/?#]+)(?:\/254\/([^/?#]+))?\/?(?:[?#].*)?$/i;

export function readObjectIdentifier(uri: string): ObjectIdentity {
  if (EPC_URN.test(uri)) return productFromEpcUri(uri);
  if (GTIN_DIGITAL_LINK.test(uri)) return productFromDigitalLink(uri);
  return { kind: 'not-a-product' };
}

function productFromEpcUri(uri: string): ObjectIdentity {
  const parsed = parseEpcUri(uri);
  if (!parsed.ok) return { kind: 'invalid', reason: `${uri}: ${parsed.error.message}` };
  const epc = parsed.value;
  switch (epc.kind) {
    case 'sgtin':
      return { kind: 'product', gtin: epc.gtin, serial: epc.serial };
    case 'lgtin':
      return { kind: 'product', gtin: epc.gtin, lot: epc.lot };
    case 'gtin-class':
      return { kind: 'product', gtin: epc.gtin };
    default:
      return { kind: 'not-a-product' };
  }
}

function productFromDigitalLink(uri: string): ObjectIdentity {
  const parsed = parseDigitalLink(uri);
  if (!parsed.ok) return { kind: 'invalid', reason: `${uri}: ${parsed.error.message}` };
  const { gtin, lot, serial, expiry } = parsed.value;
  return { kind: 'product', gtin, ...(lot !== undefined && { lot }), ...(serial !== undefined && { serial }), ...(expiry !== undefined && { expiry }) };
}

export function readPlaceIdentifier(uri: string): PlaceIdentity {
  if (EPC_URN.test(uri)) return placeFromEpcUri(uri);
  if (HTTP_URI.test(uri)) return placeFromDigitalLink(uri);
  return { kind: 'not-a-gln' };
}

function placeFromEpcUri(uri: string): PlaceIdentity {
  const parsed = parseEpcUri(uri);
  if (!parsed.ok) return { kind: 'invalid', reason: `${uri}: ${parsed.error.message}` };
  if (parsed.value.kind !== 'sgln') return { kind: 'not-a-gln' };
  const { gln, extension } = parsed.value;
  return { kind: 'gln', place: extension === undefined ? { gln } : { gln, extension } };
}

/**
 * The shared GS1 Digital Link parser reads product links only (it needs AI 01), so the
 * location form /414/{gln}[/254/{extension}] is read here.
 */
function placeFromDigitalLink(uri: string): PlaceIdentity {
  const match = GLN_DIGITAL_LINK.exec(uri);
  if (!match) return { kind: 'not-a-gln' };
  const gln = decodeSegment(match[1] ?? '');
  const extension = match[2] === undefined ? undefined : decodeSegment(match[2]);
  if (gln === undefined || (match[2] !== undefined && extension === undefined)) {
    return { kind: 'invalid', reason: `${uri}: broken percent-encoding` };
  }
  if (!/^\d{13}$/.test(gln)) return { kind: 'invalid', reason: `${uri}: GLN "${gln}" must have 13 digits` };
  if (!isValidGln(gln)) return { kind: 'invalid', reason: `${uri}: GLN ${gln} has a wrong check digit` };
  return { kind: 'gln', place: extension === undefined ? { gln } : { gln, extension } };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

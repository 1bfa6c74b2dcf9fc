import type { NormaliseResult } from './epcis-event.ts';
import { givenEventId, hashEventId } from './event-id.ts';
import {
  readAction,
  readBizStep,
  readDateTime,
  readDisposition,
  readErrorDeclaration,
  readEventType,
  readTimeZoneOffset,
} from './event-fields.ts';
import { readEventItems } from './event-items.ts';
import { readEventPlaces } from './event-places.ts';
import { describeJsonValue, isRecord } from './read-epcis-document.ts';

/**
 * One EPCIS event as read from JSON → Rebound's internal shape, or the reason it cannot be
 * imported. Pure: no database, no clock, so every rule here is unit-tested on its own.
 */
export function normaliseEvent(raw: unknown, index: number): NormaliseResult {
  if (!isRecord(raw)) return { ok: false, reason: `event is ${describeJsonValue(raw)}, not an object` };
  const eventIdGiven = givenEventId(raw);
  const rejected = (reason: string): NormaliseResult => (eventIdGiven === undefined ? { ok: false, reason } : { ok: false, eventId: eventIdGiven, reason });

  const storable = checkStorableAsJson(raw);
  if (storable) return rejected(storable);

  const type = readEventType(raw);
  if (!type.ok) return rejected(type.reason);
  const action = readAction(raw, type.value);
  if (!action.ok) return rejected(action.reason);
  const eventTime = readDateTime(raw.eventTime, 'eventTime');
  if (!eventTime.ok) return rejected(eventTime.reason);
  const offset = readTimeZoneOffset(raw);
  if (!offset.ok) return rejected(offset.reason);
  const bizStep = readBizStep(raw);
  if (!bizStep.ok) return rejected(bizStep.reason);
  const disposition = readDisposition(raw);
  if (!disposition.ok) return rejected(disposition.reason);
  const errorDeclaration = readErrorDeclaration(raw);
  if (!errorDeclaration.ok) return rejected(errorDeclaration.reason);
  const places = readEventPlaces(raw);
  if (!places.ok) return rejected(places.reason);
  const warnings = [...places.value.warnings];
  const items = readEventItems(raw, type.value, action.value, warnings);
  if (!items.ok) return rejected(items.reason);

  return {
    ok: true,
    event: {
      index,
      eventId: eventIdGiven ?? hashEventId(raw),
      eventIdGiven: eventIdGiven !== undefined,
      type: type.value,
      action: action.value,
      bizStep: bizStep.value,
      disposition: disposition.value,
      eventTime: eventTime.value,
      eventTimeZoneOffset: offset.value,
      readPoint: places.value.readPoint,
      bizLocation: places.value.bizLocation,
      sourceLocation: places.value.sourceLocation,
      destinationLocation: places.value.destinationLocation,
      parties: places.value.parties,
      errorDeclaration: errorDeclaration.value,
      items: items.value,
      warnings,
      raw,
    },
  };
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or half of a surrogate pair, and a caller-built
 * object may not be JSON at all (a cycle, a BigInt): say so here, naming the event, instead of
 * failing the whole transaction later.
 */
function checkStorableAsJson(raw: Record<string, unknown>): string | undefined {
  try {
    JSON.stringify(raw);
  } catch (error) {
    return `event cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return containsUnstorableText(raw) ? 'event contains a NUL character or a broken UTF-16 surrogate, which Rebound cannot store' : undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isUnstorableText(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

function containsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorableText(value);
  if (Array.isArray(value)) return value.some(containsUnstorableText);
  if (isRecord(value)) return Object.entries(value).some(([key, child]) => isUnstorableText(key) || containsUnstorableText(child));
  return false;
}

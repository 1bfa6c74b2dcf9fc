import { normaliseBizStep, normaliseDisposition, normaliseErrorReason } from './cbv-vocabulary.ts';
import { SUPPORTED_EVENT_TYPES, type Checked, type EpcisAction, type EpcisEventType, type ErrorDeclaration } from './epcis-event.ts';
import { describeJsonValue, isRecord } from './read-epcis-document.ts';

/** Readers for an event's single-valued fields. Each says which field is wrong and why. */

const EVENT_TYPES: ReadonlySet<string> = new Set(SUPPORTED_EVENT_TYPES);
const ACTIONS: ReadonlySet<string> = new Set(['ADD', 'OBSERVE', 'DELETE']);

export function readEventType(raw: Record<string, unknown>): Checked<EpcisEventType> {
  const type = raw.type;
  if (typeof type === 'string' && EVENT_TYPES.has(type)) return { ok: true, value: type as EpcisEventType };
  if (type === undefined) return { ok: false, reason: 'event has no "type"' };
  return {
    ok: false,
    reason: `unsupported event type ${JSON.stringify(type)}: Rebound reads ${SUPPORTED_EVENT_TYPES.join(', ')}`,
  };
}

/** EPCIS gives no action to a TransformationEvent; every other event type must have one. */
export function readAction(raw: Record<string, unknown>, type: EpcisEventType): Checked<EpcisAction | null> {
  if (type === 'TransformationEvent') return { ok: true, value: null };
  const action = raw.action;
  if (typeof action === 'string' && ACTIONS.has(action)) return { ok: true, value: action as EpcisAction };
  if (action === undefined) return { ok: false, reason: `${type} has no "action" (ADD, OBSERVE or DELETE)` };
  return { ok: false, reason: `action ${JSON.stringify(action)} is not ADD, OBSERVE or DELETE` };
}

const ISO_DATE_TIME = /^([1-9]\d{3})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

/**
 * An ISO 8601 date-time with its offset, as EPCIS requires. Checked here rather than left to
 * PostgreSQL so that a bad date rejects its event with a reason instead of failing the whole
 * transaction (JavaScript's Date would also accept 30 February).
 */
export function readDateTime(value: unknown, field: string): Checked<string> {
  if (typeof value !== 'string') {
    return { ok: false, reason: value === undefined ? `"${field}" is missing` : `"${field}" is ${describeJsonValue(value)}, not a date-time` };
  }
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return { ok: false, reason: `${field} "${value}" is not an ISO 8601 date-time with offset (e.g. 2024-05-01T10:00:00Z)` };
  const [, year, month, day] = match.map(Number);
  if (!month || month > 12 || !day || day > daysInMonth(year ?? 0, month)) {
    return { ok: false, reason: `${field} "${value}" is not a real calendar date` };
  }
  return { ok: true, value: value.trim() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const TIME_ZONE_OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;

/** Required by the EPCIS schema, but the instant is already in eventTime: a missing one is stored as null. */
export function readTimeZoneOffset(raw: Record<string, unknown>): Checked<string | null> {
  const offset = raw.eventTimeZoneOffset;
  if (offset === undefined) return { ok: true, value: null };
  if (typeof offset === 'string' && TIME_ZONE_OFFSET.test(offset)) return { ok: true, value: offset };
  return { ok: false, reason: `eventTimeZoneOffset ${JSON.stringify(offset)} is not of the form +hh:mm / -hh:mm` };
}

export function readBizStep(raw: Record<string, unknown>): Checked<string | null> {
  return readVocabulary(raw, 'bizStep', normaliseBizStep);
}

export function readDisposition(raw: Record<string, unknown>): Checked<string | null> {
  return readVocabulary(raw, 'disposition', normaliseDisposition);
}

function readVocabulary(raw: Record<string, unknown>, field: string, normalise: (value: string) => string): Checked<string | null> {
  const value = raw[field];
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, reason: `${field} ${JSON.stringify(value)} is not a word or URI` };
  return { ok: true, value: normalise(value) };
}

export function readErrorDeclaration(raw: Record<string, unknown>): Checked<ErrorDeclaration | null> {
  const declaration = raw.errorDeclaration;
  if (declaration === undefined) return { ok: true, value: null };
  if (!isRecord(declaration)) return { ok: false, reason: `errorDeclaration is ${describeJsonValue(declaration)}, not an object` };
  const declaredAt = readDateTime(declaration.declarationTime, 'errorDeclaration.declarationTime');
  if (!declaredAt.ok) return declaredAt;
  const reason = typeof declaration.reason === 'string' ? normaliseErrorReason(declaration.reason) : undefined;
  return { ok: true, value: reason === undefined ? { declaredAt: declaredAt.value } : { declaredAt: declaredAt.value, reason } };
}

/** JSON-LD lets a list with one member be written as that member alone; both mean the same. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

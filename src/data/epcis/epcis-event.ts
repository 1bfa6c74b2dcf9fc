/**
 * The internal shape every EPCIS event is normalised to before anything touches the
 * database: plain values, GS1 keys already checked, CBV words already shortened.
 */

export const SUPPORTED_EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransformationEvent',
  'AssociationEvent',
  'TransactionEvent',
] as const;
export type EpcisEventType = (typeof SUPPORTED_EVENT_TYPES)[number];

export type EpcisAction = 'ADD' | 'OBSERVE' | 'DELETE';

/** What part an object plays in its event; matches lot_movements.role. */
export type MovementRole = 'object' | 'child' | 'input' | 'output' | 'parent';

/** A place named by its GLN (13 digits, check digit verified). */
export interface GlnPlace {
  gln: string;
  /** SGLN extension / AI 254: a sub-location (dock, shelf); kept only in raw for now. */
  extension?: string;
}

/** One product-level object an event names: a serial (quantity 1) or a class with a quantity. */
export interface EventItem {
  role: MovementRole;
  /** GTIN-14 */
  gtin: string;
  lot?: string;
  serial?: string;
  /** Null when a class was named without a quantity (EPCIS allows it). */
  quantity: number | null;
  uom?: string;
  /** YYYY-MM-DD, from a Digital Link AI 17; used only when the lot is created. */
  lotExpiry?: string;
}

export interface PartyRefs {
  sourceOwning?: string;
  sourcePossessing?: string;
  destinationOwning?: string;
  destinationPossessing?: string;
}

export interface ErrorDeclaration {
  declaredAt: string;
  reason?: string;
}

export interface NormalisedEvent {
  /** Position in the document's event list (0-based), for messages. */
  index: number;
  eventId: string;
  /** False when Rebound derived eventId from a hash because the sender gave none. */
  eventIdGiven: boolean;
  type: EpcisEventType;
  action: EpcisAction | null;
  bizStep: string | null;
  disposition: string | null;
  /** ISO 8601 instant as sent (with its offset). */
  eventTime: string;
  eventTimeZoneOffset: string | null;
  readPoint: GlnPlace | null;
  bizLocation: GlnPlace | null;
  sourceLocation: GlnPlace | null;
  destinationLocation: GlnPlace | null;
  parties: PartyRefs;
  errorDeclaration: ErrorDeclaration | null;
  items: EventItem[];
  /** Things kept only in raw because Rebound cannot map them (e.g. a location that is no GLN). */
  warnings: string[];
  raw: Record<string, unknown>;
}

/** A value, or the reason it cannot be used (shown to the person importing). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export type NormaliseResult =
  | { ok: true; event: NormalisedEvent }
  | { ok: false; eventId?: string; reason: string };

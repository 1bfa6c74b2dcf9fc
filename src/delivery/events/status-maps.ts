import type { DeliveryStatus } from './carrier-update.ts';

/**
 * Each source's statuses mapped to Rebound's vocabulary; the table docs/delivery/carrier-events.md
 * shows the same. A status a source adds later maps to 'unknown' with the sub-status
 * 'unmapped', and the carrier's own words stay on the event: it is counted, never dropped.
 */
export interface Mapped { status: DeliveryStatus; subStatus: string | null }

const snake = (text: string): string => text.trim().replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toLowerCase();

const EASYPOST: Record<string, DeliveryStatus> = {
  pre_transit: 'pre_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  available_for_pickup: 'available_for_pickup',
  delivered: 'delivered',
  return_to_sender: 'return_to_sender',
  failure: 'exception',
  cancelled: 'cancelled',
  error: 'exception',
  unknown: 'unknown',
};

/** EasyPost: `status` (10 values) and `status_detail` (snake_case, kept as the sub-status). */
export function mapEasyPost(status: string, detail: string | null): Mapped {
  const mapped = EASYPOST[status.toLowerCase()];
  if (!mapped) return { status: 'unknown', subStatus: 'unmapped' };
  if (mapped === 'in_transit' && detail === 'out_for_delivery') return { status: 'out_for_delivery', subStatus: detail };
  const sub = detail && detail !== 'unknown' ? snake(detail) : status.toLowerCase() === 'error' ? 'carrier_error' : status.toLowerCase() === 'failure' ? 'failure' : null;
  return { status: mapped, subStatus: sub };
}

const SHIPPO: Record<string, DeliveryStatus> = {
  PRE_TRANSIT: 'pre_transit',
  TRANSIT: 'in_transit',
  DELIVERED: 'delivered',
  RETURNED: 'return_to_sender',
  FAILURE: 'exception',
  UNKNOWN: 'unknown',
};

/** Shippo substatus codes that say more than the six statuses do. */
const SHIPPO_SUB: Record<string, DeliveryStatus> = {
  out_for_delivery: 'out_for_delivery',
  delivery_attempted: 'failed_attempt',
  pickup_available: 'available_for_pickup',
  return_to_sender: 'return_to_sender',
  package_cancelled: 'cancelled',
};

/** Shippo: `status` (PRE_TRANSIT, TRANSIT, DELIVERED, RETURNED, FAILURE, UNKNOWN) and `substatus.code`. */
export function mapShippo(status: string, substatus: string | null): Mapped {
  const mapped = SHIPPO[status.toUpperCase()];
  if (!mapped) return { status: 'unknown', subStatus: 'unmapped' };
  const sub = substatus ? snake(substatus) : null;
  const refined = sub ? SHIPPO_SUB[sub] : undefined;
  if (refined && (mapped === 'in_transit' || mapped === 'unknown' || (refined === 'return_to_sender' && mapped === 'exception'))) return { status: refined, subStatus: sub };
  return { status: mapped, subStatus: sub };
}

const AFTERSHIP: Record<string, DeliveryStatus> = {
  Pending: 'pre_transit',
  InfoReceived: 'pre_transit',
  InTransit: 'in_transit',
  OutForDelivery: 'out_for_delivery',
  AttemptFail: 'failed_attempt',
  Delivered: 'delivered',
  AvailableForPickup: 'available_for_pickup',
  Exception: 'exception',
  Expired: 'unknown',
};

/** AfterShip subtags that mean the parcel goes back (Exception_010 "returning", Exception_011 "returned"). */
const AFTERSHIP_RETURNING = new Set(['exception_010', 'exception_011']);

/** AfterShip: `tag` (9 values) and `subtag` (e.g. InTransit_003, Exception_004), the subtag lower-cased as the sub-status. */
export function mapAfterShip(tag: string, subtag: string | null): Mapped {
  const mapped = AFTERSHIP[tag];
  if (!mapped) return { status: 'unknown', subStatus: 'unmapped' };
  const sub = subtag ? subtag.toLowerCase() : tag === 'Expired' ? 'expired' : tag === 'Pending' ? 'pending' : null;
  if (mapped === 'exception' && sub && AFTERSHIP_RETURNING.has(sub)) return { status: 'return_to_sender', subStatus: sub };
  return { status: mapped, subStatus: sub };
}

/** Imports name our own statuses, or any source's (the import line says which source wrote it). */
export function mapAnyStatus(status: string, subStatus: string | null): Mapped | null {
  const own = snake(status) as DeliveryStatus;
  const ours: readonly string[] = ['pre_transit', 'in_transit', 'out_for_delivery', 'available_for_pickup', 'delivered', 'failed_attempt', 'exception', 'return_to_sender', 'cancelled', 'unknown'];
  if (ours.includes(own)) return { status: own, subStatus: subStatus ? snake(subStatus) : null };
  if (SHIPPO[status.toUpperCase()]) return mapShippo(status, subStatus);
  if (AFTERSHIP[status]) return mapAfterShip(status, subStatus);
  return null;
}

/** The one status vocabulary every source is mapped to (docs/delivery/carrier-events.md). */
export const DELIVERY_STATUSES = [
  'pre_transit', 'in_transit', 'out_for_delivery', 'available_for_pickup', 'delivered',
  'failed_attempt', 'exception', 'return_to_sender', 'cancelled', 'unknown',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type SourceKind = 'easypost' | 'shippo' | 'aftership' | 'import' | 'epcis';

/** One carrier scan, normalised, with the carrier's own words beside it. */
export interface Checkpoint {
  occurredAt: Date;
  status: DeliveryStatus;
  subStatus: string | null;
  carrierStatus: string;
  carrierSubStatus: string | null;
  location: string | null;
  message: string | null;
}

/** What one webhook, or one import line, says about one tracking code. */
export interface CarrierUpdate {
  sourceKind: SourceKind;
  carrier: string;
  trackingCode: string;
  /** The carrier's current estimate (a date), when the update carries one. */
  estimatedDeliveryOn: string | null;
  checkpoints: Checkpoint[];
}

/** Lower-case letters and digits: 'DHL Express', 'dhl_express' and 'DHLExpress' are one carrier. Same rule as shipments.carrier_code. */
export const carrierCodeOf = (carrier: string): string => carrier.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

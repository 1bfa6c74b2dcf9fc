import type { CarrierUpdate, Checkpoint } from './carrier-update.ts';
import { malformed, PayloadReader } from './malformed.ts';
import { mapAfterShip, mapEasyPost, mapShippo } from './status-maps.ts';

/** What a webhook body holds: an update to ingest, or an event of another kind to acknowledge and ignore. */
export type ParsedWebhook = { kind: 'update'; update: CarrierUpdate } | { kind: 'ignored'; event: string };

const placeOf = (location: PayloadReader | null): string | null => {
  if (!location) return null;
  const parts = ['city', 'state', 'zip', 'country'].map((key) => location.optionalString(key, 200)).filter((part): part is string => !!part);
  return parts.length ? parts.join(', ') : null;
};

/**
 * EasyPost Event `tracker.updated` (`result` is the Tracker): every webhook resends the
 * whole `tracking_details` history, so deduplication does the work, not the sender.
 */
export function parseEasyPost(body: PayloadReader): ParsedWebhook {
  const description = body.string('description');
  if (description !== 'tracker.updated' && description !== 'tracker.created') return { kind: 'ignored', event: description };
  const tracker = body.object('result');
  const trackingCode = tracker.string('tracking_code');
  const carrier = tracker.string('carrier');
  const checkpoints: Checkpoint[] = tracker.array('tracking_details').map((detail) => {
    const carrierStatus = detail.string('status');
    const carrierSubStatus = detail.optionalString('status_detail');
    return {
      occurredAt: detail.instant('datetime'),
      ...mapEasyPost(carrierStatus, carrierSubStatus),
      carrierStatus,
      carrierSubStatus,
      location: placeOf(detail.optionalObject('tracking_location')),
      message: detail.optionalString('message', 2000),
    };
  });
  if (!checkpoints.length) {
    // A tracker with no scan yet (pre_transit): its own status, as of its last update.
    const carrierStatus = tracker.string('status');
    const carrierSubStatus = tracker.optionalString('status_detail');
    const at = tracker.optionalInstant('updated_at') ?? tracker.optionalInstant('created_at') ?? body.instant('created_at');
    checkpoints.push({ occurredAt: at, ...mapEasyPost(carrierStatus, carrierSubStatus), carrierStatus, carrierSubStatus, location: null, message: null });
  }
  return { kind: 'update', update: { sourceKind: 'easypost', carrier, trackingCode, estimatedDeliveryOn: tracker.optionalDay('est_delivery_date'), checkpoints } };
}

function shippoCheckpoint(status: PayloadReader): Checkpoint {
  const carrierStatus = status.string('status');
  const carrierSubStatus = status.optionalObject('substatus')?.optionalString('code') ?? null;
  return {
    occurredAt: status.instant('status_date'),
    ...mapShippo(carrierStatus, carrierSubStatus),
    carrierStatus,
    carrierSubStatus,
    location: placeOf(status.optionalObject('location')),
    message: status.optionalString('status_details', 2000),
  };
}

/**
 * Shippo `track_updated` (`data` is the Track object). Shippo says its tracking webhooks are
 * not idempotent: the same status may come twice, and deduplication absorbs it.
 */
export function parseShippo(body: PayloadReader): ParsedWebhook {
  const event = body.string('event');
  if (event !== 'track_updated') return { kind: 'ignored', event };
  const data = body.object('data');
  const trackingCode = data.string('tracking_number');
  const carrier = data.string('carrier');
  const checkpoints = data.array('tracking_history').map(shippoCheckpoint);
  const current = data.optionalObject('tracking_status');
  if (current) checkpoints.push(shippoCheckpoint(current));
  if (!checkpoints.length) throw malformed(`${data.path}.tracking_status`, 'is required when tracking_history is empty');
  return { kind: 'update', update: { sourceKind: 'shippo', carrier, trackingCode, estimatedDeliveryOn: data.optionalDay('eta'), checkpoints } };
}

/**
 * AfterShip tracking webhooks (`tracking_update`, `edd_revise`): `msg` is the tracking with
 * its `checkpoints`. The estimate is the courier's, else AfterShip's own, else the older
 * `expected_delivery` field.
 */
export function parseAfterShip(body: PayloadReader): ParsedWebhook {
  const event = body.string('event');
  if (event !== 'tracking_update' && event !== 'edd_revise') return { kind: 'ignored', event };
  const msg = body.object('msg');
  const trackingCode = msg.string('tracking_number');
  const carrier = msg.string('slug');
  const checkpoints: Checkpoint[] = msg.array('checkpoints').map((checkpoint) => {
    const carrierStatus = checkpoint.string('tag');
    const carrierSubStatus = checkpoint.optionalString('subtag');
    const place = [checkpoint.optionalString('location', 300), checkpoint.optionalString('city', 200), checkpoint.optionalString('country_iso3', 3) ?? checkpoint.optionalString('country_region', 3)]
      .filter((part): part is string => !!part);
    return {
      occurredAt: checkpoint.instant('checkpoint_time'),
      ...mapAfterShip(carrierStatus, carrierSubStatus),
      carrierStatus,
      carrierSubStatus,
      location: place.length ? [...new Set(place)].join(', ') : null,
      message: checkpoint.optionalString('message', 2000),
    };
  });
  if (!checkpoints.length) {
    const carrierStatus = msg.string('tag');
    const carrierSubStatus = msg.optionalString('subtag');
    const at = msg.optionalInstant('updated_at') ?? tsOf(body);
    checkpoints.push({ occurredAt: at, ...mapAfterShip(carrierStatus, carrierSubStatus), carrierStatus, carrierSubStatus, location: null, message: msg.optionalString('subtag_message', 2000) });
  }
  const estimate = msg.optionalObject('courier_estimated_delivery_date')?.optionalDay('estimated_delivery_date')
    ?? msg.optionalObject('aftership_estimated_delivery_date')?.optionalDay('estimated_delivery_date')
    ?? msg.optionalDay('expected_delivery');
  return { kind: 'update', update: { sourceKind: 'aftership', carrier, trackingCode, estimatedDeliveryOn: estimate, checkpoints } };
}

function tsOf(body: PayloadReader): Date {
  const ts = body.value.ts;
  if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0 || ts > 7_000_000_000) throw malformed(`${body.path}.ts`, 'is required (a Unix time in seconds) when msg.updated_at is missing');
  return new Date(ts * 1000);
}

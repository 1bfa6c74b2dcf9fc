import type { Db } from '../platform/db/database.ts';

/**
 * The demo's parcels come with their carriers' tracking events in the data hub
 * (shipment_events), but delay detection reads the scans the delivery module keeps on each
 * shipment (first_scan_at, last_scan_at, delivery_status), which carrier webhooks and imports
 * fill. Without them every demo parcel on its way looked unscanned, and the delivery sweep
 * told their customers "not picked up" — about parcels scanned at the sorting centre that
 * morning. The demo's events are carrier scans, so they are written where detection reads
 * scans: every event after "pending" is a scan; the status is the last event's, in the
 * delivery vocabulary; the destination is the customer's country.
 */
export async function recordDemoScans(db: Db): Promise<number> {
  const rows = await db.query(
    `WITH scans AS (
       SELECT e.shipment_id, min(e.occurred_at) AS first_scan, max(e.occurred_at) AS last_scan,
              (array_agg(e.status ORDER BY e.occurred_at DESC))[1] AS last_status
       FROM shipment_events e WHERE e.status <> 'pending' GROUP BY e.shipment_id)
     UPDATE shipments s SET first_scan_at = sc.first_scan, last_scan_at = sc.last_scan,
       delivery_status = CASE sc.last_status WHEN 'delivered' THEN 'delivered' WHEN 'out_for_delivery' THEN 'out_for_delivery'
         WHEN 'returned' THEN 'return_to_sender' WHEN 'lost' THEN 'exception' WHEN 'shipped' THEN 'pre_transit' ELSE 'in_transit' END,
       delivery_sub_status = CASE sc.last_status WHEN 'delayed' THEN 'delayed' WHEN 'lost' THEN 'lost' END,
       original_estimated_delivery_on = coalesce(s.original_estimated_delivery_on, s.promised_on),
       destination_country = coalesce(s.destination_country, (SELECT c.country FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = s.order_id AND c.country ~ '^[A-Z]{2}$'))
     FROM scans sc WHERE sc.shipment_id = s.id AND s.first_scan_at IS NULL
     RETURNING s.id`);
  await recordDemoCarrierEvents(db);
  return rows.length;
}

/** A tracker link lives 60 days (decision 040): parcels handed over before that have no page to show their events on. */
const TRACKED_DAYS = 60;

/**
 * The same events as the carriers' checkpoints the delivery module shows (delivery_events):
 * the tracker page of a late demo order lists where its parcel was, as it would for a parcel
 * whose carrier posts webhooks. Only parcels of the last TRACKED_DAYS before the demo's
 * latest event, so a large demo does not copy a year of history nobody can open.
 */
async function recordDemoCarrierEvents(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO delivery_events (shipment_id, source, source_kind, occurred_at, status, sub_status, carrier_status, carrier_sub_status, location, message, dedup_key, received_at)
     SELECT e.shipment_id, 'demo', 'import', e.occurred_at,
            CASE e.status WHEN 'pending' THEN 'pre_transit' WHEN 'shipped' THEN 'pre_transit' WHEN 'delayed' THEN 'exception' WHEN 'lost' THEN 'exception'
              WHEN 'returned' THEN 'return_to_sender' WHEN 'delivered' THEN 'delivered' WHEN 'out_for_delivery' THEN 'out_for_delivery' ELSE 'in_transit' END,
            CASE e.status WHEN 'delayed' THEN 'delayed' WHEN 'lost' THEN 'lost' END,
            e.status, NULL, e.location, e.description, 'demo:' || e.id, e.occurred_at
     FROM shipment_events e JOIN shipments s ON s.id = e.shipment_id
     WHERE coalesce(s.shipped_at, s.created_at) > (SELECT max(occurred_at) FROM shipment_events) - make_interval(days => $1)
     ON CONFLICT (shipment_id, dedup_key) DO NOTHING`, [TRACKED_DAYS]);
}

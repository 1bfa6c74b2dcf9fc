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
  return rows.length;
}

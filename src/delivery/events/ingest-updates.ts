import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { carrierCodeOf, type CarrierUpdate } from './carrier-update.ts';

/** What became of one update's checkpoints. */
export interface UpdateCounts {
  /** Checkpoints stored for the first time. */
  stored: number;
  /** Checkpoints already held (a carrier's resend, Shippo's repeated webhook, a re-imported file). */
  duplicates: number;
  /** Checkpoints whose tracking code matched no shipment: kept for review (`GET /api/delivery/unmatched-events`). */
  unmatched: number;
  /** Checkpoints whose status no map knows: stored as 'unknown'/'unmapped' with the carrier's words. */
  unmapped: number;
  /** The shipments these updates touched, for detection to evaluate at once. */
  shipmentIds: number[];
}

export interface IngestResult extends UpdateCounts {
  /** The same counts for each update, in input order: a batch of webhooks answers each sender for its own. */
  perUpdate: UpdateCounts[];
}

/**
 * How far apart a recycled tracking code's two lives are told: an event belongs to the
 * shipment with that carrier and code handed over (or, before that, created) last before
 * the event — with a few days' slack for a label scanned before hand-over — and no longer
 * ago than SHIPMENT_LIFETIME. An event outside every shipment's window is kept apart.
 */
const LABEL_SLACK = '3 days';
const SHIPMENT_LIFETIME = '120 days';

const dedupKeyOf = (update: CarrierUpdate, c: CarrierUpdate['checkpoints'][number]): string =>
  createHash('sha256').update(JSON.stringify([update.sourceKind, c.occurredAt.toISOString(), c.carrierStatus, c.carrierSubStatus, c.location, c.message])).digest('base64url');

interface Row {
  n: number;
  u: number;
  source_kind: string;
  carrier: string;
  carrier_code: string;
  tracking: string;
  occurred_at: string;
  status: string;
  sub_status: string | null;
  carrier_status: string;
  carrier_sub_status: string | null;
  location: string | null;
  message: string | null;
  dedup_key: string;
  update: CarrierUpdate;
}

/**
 * Stores carrier updates set-based (a fixed handful of statements for any number of them):
 * each checkpoint is matched to its shipment, stored once, or kept apart when no shipment
 * fits; each touched shipment then takes its current status, scans and estimate from its
 * events. Call inside the transaction that evaluates detection for the same shipments.
 */
export async function ingestCarrierUpdates(tx: Db, now: Date, source: string, updates: readonly CarrierUpdate[]): Promise<IngestResult> {
  const rows: Row[] = [];
  for (const [u, update] of updates.entries()) {
    for (const checkpoint of update.checkpoints) {
      rows.push({
        n: rows.length, u, source_kind: update.sourceKind, carrier: update.carrier, carrier_code: carrierCodeOf(update.carrier), tracking: update.trackingCode.trim(),
        occurred_at: checkpoint.occurredAt.toISOString(), status: checkpoint.status, sub_status: checkpoint.subStatus,
        carrier_status: checkpoint.carrierStatus, carrier_sub_status: checkpoint.carrierSubStatus, location: checkpoint.location, message: checkpoint.message,
        dedup_key: dedupKeyOf(update, checkpoint), update,
      });
    }
  }
  const perUpdate: UpdateCounts[] = updates.map(() => ({ stored: 0, duplicates: 0, unmatched: 0, unmapped: 0, shipmentIds: [] }));
  for (const r of rows) if (r.sub_status === 'unmapped') perUpdate[r.u]!.unmapped++;
  const result: IngestResult = { stored: 0, duplicates: 0, unmatched: 0, unmapped: rows.filter((r) => r.sub_status === 'unmapped').length, shipmentIds: [], perUpdate };
  if (!rows.length) return result;
  const plain = rows.map(({ update: _update, ...row }) => row);

  const matches = await tx.query<{ n: number; shipment_id: number | null; known: boolean }>(
    `SELECT i.n,
       (SELECT s.id FROM shipments s
         WHERE s.carrier_code = i.carrier_code AND s.tracking_number = i.tracking
           AND coalesce(s.shipped_at, s.created_at) <= i.occurred_at + interval '${LABEL_SLACK}'
           AND coalesce(s.shipped_at, s.created_at) > i.occurred_at - interval '${SHIPMENT_LIFETIME}'
         ORDER BY coalesce(s.shipped_at, s.created_at) DESC, s.id DESC LIMIT 1) AS shipment_id,
       EXISTS (SELECT 1 FROM shipments s WHERE s.carrier_code = i.carrier_code AND s.tracking_number = i.tracking) AS known
     FROM jsonb_to_recordset($1::jsonb) AS i(n int, carrier_code text, tracking text, occurred_at timestamptz)`,
    [JSON.stringify(plain.map(({ n, carrier_code, tracking, occurred_at }) => ({ n, carrier_code, tracking, occurred_at })))]);
  const byN = new Map(matches.map((m) => [m.n, m]));

  const matched = plain.filter((r) => byN.get(r.n)?.shipment_id != null).map((r) => ({ ...r, shipment_id: byN.get(r.n)!.shipment_id }));
  const unmatched = rows.filter((r) => byN.get(r.n)?.shipment_id == null);

  if (matched.length) {
    const inserted = await tx.query<{ shipment_id: number; dedup_key: string }>(
      `INSERT INTO delivery_events (shipment_id, source, source_kind, occurred_at, status, sub_status, carrier_status, carrier_sub_status, location, message, dedup_key, received_at)
       SELECT i.shipment_id, $2, i.source_kind, i.occurred_at, i.status, i.sub_status, i.carrier_status, i.carrier_sub_status, i.location, i.message, i.dedup_key, $3
       FROM jsonb_to_recordset($1::jsonb) AS i(shipment_id bigint, source_kind text, occurred_at timestamptz, status text, sub_status text, carrier_status text, carrier_sub_status text, location text, message text, dedup_key text)
       ON CONFLICT (shipment_id, dedup_key) DO NOTHING
       RETURNING shipment_id, dedup_key`,
      [JSON.stringify(matched), source, now]);
    result.stored = inserted.length;
    result.duplicates = matched.length - inserted.length;
    // A checkpoint two updates of one batch both carry is stored once: the first in input order counts it.
    const fresh = new Set(inserted.map((e) => `${e.shipment_id}\u0001${e.dedup_key}`));
    for (const r of matched) {
      const counts = perUpdate[r.u]!;
      if (fresh.delete(`${r.shipment_id}\u0001${r.dedup_key}`)) counts.stored++;
      else counts.duplicates++;
      if (!counts.shipmentIds.includes(r.shipment_id!)) counts.shipmentIds.push(r.shipment_id!);
    }
  }

  if (unmatched.length) {
    const kept = unmatched.map((r) => ({
      source_kind: r.source_kind, carrier: r.carrier, carrier_code: r.carrier_code, tracking: r.tracking, occurred_at: r.occurred_at,
      reason: byN.get(r.n)?.known ? 'outside_shipment_window' : 'unknown_tracking_code',
      update: { ...r.update, checkpoints: r.update.checkpoints.filter((c) => c.occurredAt.toISOString() === r.occurred_at && c.carrierStatus === r.carrier_status) },
      dedup_key: createHash('sha256').update(`${r.carrier_code}\u0001${r.tracking}\u0001${r.dedup_key}`).digest('base64url'),
    }));
    await tx.query(
      `INSERT INTO delivery_unmatched_events (source, source_kind, carrier, carrier_code, tracking_code, occurred_at, reason, update, dedup_key, received_at)
       SELECT $2, i.source_kind, i.carrier, i.carrier_code, i.tracking, i.occurred_at, i.reason, i.update, i.dedup_key, $3
       FROM jsonb_to_recordset($1::jsonb) AS i(source_kind text, carrier text, carrier_code text, tracking text, occurred_at timestamptz, reason text, update jsonb, dedup_key text)
       ON CONFLICT (dedup_key) DO NOTHING`,
      [JSON.stringify(kept), source, now]);
    result.unmatched = unmatched.length;
    for (const r of unmatched) perUpdate[r.u]!.unmatched++;
  }

  // The estimate each shipment was last given in this batch (input order).
  const estimates = new Map<number, string>();
  for (const r of matched) {
    const estimate = rows[r.n]!.update.estimatedDeliveryOn;
    if (estimate) estimates.set(r.shipment_id!, estimate);
  }
  result.shipmentIds = [...new Set(matched.map((r) => r.shipment_id!))];
  if (result.shipmentIds.length) await refreshShipmentsFromEvents(tx, now, result.shipmentIds, estimates);
  return result;
}

/**
 * Each shipment's current status is its latest event's (by when it happened, not when it
 * arrived: carriers deliver late and out of order); first and last scans count only what a
 * carrier scanned (not labels, cancellations or silence). The data hub's own status follows.
 */
export async function refreshShipmentsFromEvents(tx: Db, now: Date, shipmentIds: readonly number[], estimates: ReadonlyMap<number, string> = new Map()): Promise<void> {
  await tx.query(
    `WITH latest AS (
       SELECT DISTINCT ON (e.shipment_id) e.shipment_id, e.status, e.sub_status
       FROM delivery_events e WHERE e.shipment_id = ANY($1::bigint[])
       ORDER BY e.shipment_id, e.occurred_at DESC, e.id DESC),
     scans AS (
       SELECT shipment_id, min(occurred_at) AS first_scan, max(occurred_at) AS last_scan,
              min(occurred_at) FILTER (WHERE status = 'delivered') AS delivered_at
       FROM delivery_events WHERE shipment_id = ANY($1::bigint[]) AND status NOT IN ('pre_transit', 'unknown', 'cancelled')
       GROUP BY shipment_id),
     estimates AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(shipment_id bigint, estimate date))
     UPDATE shipments s SET
       delivery_status = l.status,
       delivery_sub_status = l.sub_status,
       first_scan_at = sc.first_scan,
       last_scan_at = sc.last_scan,
       shipped_at = coalesce(s.shipped_at, sc.first_scan),
       delivered_at = CASE WHEN l.status = 'delivered' THEN coalesce(s.delivered_at, sc.delivered_at) ELSE s.delivered_at END,
       status = CASE l.status
         WHEN 'pre_transit' THEN CASE WHEN s.shipped_at IS NULL THEN 'pending' ELSE 'shipped' END
         WHEN 'in_transit' THEN 'in_transit'
         WHEN 'available_for_pickup' THEN 'in_transit'
         WHEN 'out_for_delivery' THEN 'out_for_delivery'
         WHEN 'delivered' THEN 'delivered'
         WHEN 'failed_attempt' THEN 'delayed'
         WHEN 'exception' THEN 'delayed'
         WHEN 'return_to_sender' THEN 'returned'
         ELSE s.status END,
       original_estimated_delivery_on = CASE WHEN e.estimate IS NULL THEN s.original_estimated_delivery_on
         ELSE coalesce(s.original_estimated_delivery_on, s.estimated_delivery_on, e.estimate) END,
       estimated_delivery_on = coalesce(e.estimate, s.estimated_delivery_on),
       updated_at = $3
     FROM latest l
     LEFT JOIN scans sc ON sc.shipment_id = l.shipment_id
     LEFT JOIN estimates e ON e.shipment_id = l.shipment_id
     WHERE s.id = l.shipment_id`,
    [shipmentIds, JSON.stringify([...estimates].map(([shipment_id, estimate]) => ({ shipment_id, estimate }))), now]);
}

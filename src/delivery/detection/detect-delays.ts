import type { Db } from '../../platform/db/database.ts';
import { addDays, materialiseCalendarDays } from './calendar-days.ts';

export interface DetectionResult {
  /** Open shipments looked at. */
  evaluated: number;
  /** Of them, late by some rule now. */
  late: number;
  /** Late now and not before this evaluation: for grouping into incidents (and, later, notices). */
  newlyLate: number[];
  /** Delay records closed: delivered, or no rule holds any more. */
  resolved: number;
}

const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);

/** Rules are tried in this order; the first that holds names the delay's rule and cause tag. */
const RULE_ORDER = ['past_promise', 'exception_status', 'estimate_beyond_promise', 'no_scan', 'no_first_scan'];

/**
 * Evaluates the declared rules (delivery_detection_rules) over open shipments — all of them
 * (the scheduled sweep) or those an event just touched — in one set-based statement:
 * late shipments get or keep their delay record (rule, cause tag, days late on the
 * destination country's business calendar), the others' records are resolved.
 *
 * Days late count working days after the promised date up to today, or up to the
 * carrier's estimate when that lies further out; hour thresholds (no first scan, no scan)
 * leave out whole non-working days between the scan and today.
 */
export async function detectDelays(db: Db, now: Date, shipmentIds?: readonly number[]): Promise<DetectionResult> {
  const scope = shipmentIds ? [...shipmentIds] : null;
  if (scope && !scope.length) return { evaluated: 0, late: 0, newlyLate: [], resolved: 0 };
  const today = now.toISOString().slice(0, 10);
  const [span] = await db.query<{ countries: string[] | null; first: string | null; last: string | null }>(
    `SELECT array_agg(DISTINCT coalesce(s.destination_country, c.country)) FILTER (WHERE coalesce(s.destination_country, c.country) IS NOT NULL) AS countries,
            min(least(s.promised_on, (s.shipped_at AT TIME ZONE 'UTC')::date, (s.last_scan_at AT TIME ZONE 'UTC')::date))::text AS first,
            max(greatest(s.estimated_delivery_on, s.promised_on, (s.delivered_at AT TIME ZONE 'UTC')::date))::text AS last
     FROM shipments s LEFT JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id
     WHERE (s.delivered_at IS NULL OR EXISTS (SELECT 1 FROM delivery_delays d WHERE d.shipment_id = s.id AND d.resolved_at IS NULL))
       AND ($1::bigint[] IS NULL OR s.id = ANY($1::bigint[]))`,
    [scope]);
  // Bounded: a shipment promised years ago counts its days late from two years back at most.
  const from = maxDay(minDay(span?.first ?? today, today), addDays(today, -730));
  const to = minDay(maxDay(span?.last ?? today, today), addDays(today, 365));
  const labels = await materialiseCalendarDays(db, span?.countries ?? [], from, to);

  const [row] = await db.query<{ evaluated: number; late: number; newly_late: number[] | null; resolved: number }>(
    `WITH params AS (SELECT $1::timestamptz AS now, ($1::timestamptz AT TIME ZONE 'UTC')::date AS today),
     labels AS (SELECT * FROM unnest($3::text[], $4::text[]) AS l(country, label)),
     rules AS (SELECT rule, threshold_hours, statuses, cause_tag FROM delivery_detection_rules WHERE enabled),
     open AS (
       SELECT s.id, s.order_id, s.promised_on, s.estimated_delivery_on, s.shipped_at, s.first_scan_at, s.last_scan_at, s.delivery_status,
              coalesce(s.destination_country, c.country, '--') AS country
       FROM shipments s
       LEFT JOIN orders o ON o.id = s.order_id
       LEFT JOIN customers c ON c.id = o.customer_id
       WHERE s.delivered_at IS NULL AND s.status <> 'delivered' AND coalesce(s.delivery_status, '') NOT IN ('delivered', 'cancelled')
         AND ($2::bigint[] IS NULL OR s.id = ANY($2::bigint[]))),
     measured AS (
       SELECT o.*,
         CASE WHEN o.promised_on < p.today THEN
           (SELECT count(*) FROM delivery_calendar_days d WHERE d.country = o.country AND d.day > o.promised_on AND d.day <= p.today AND d.working) END AS days_past_promise,
         CASE WHEN o.estimated_delivery_on > o.promised_on THEN
           (SELECT count(*) FROM delivery_calendar_days d WHERE d.country = o.country AND d.day > o.promised_on AND d.day <= o.estimated_delivery_on AND d.working) END AS days_estimate_beyond,
         CASE WHEN o.shipped_at IS NOT NULL AND o.first_scan_at IS NULL AND o.shipped_at < p.now THEN
           extract(epoch FROM p.now - o.shipped_at) / 3600 - 24 * (SELECT count(*) FROM delivery_calendar_days d
             WHERE d.country = o.country AND d.day > (o.shipped_at AT TIME ZONE 'UTC')::date AND d.day < p.today AND NOT d.working) END AS hours_without_first_scan,
         CASE WHEN o.last_scan_at IS NOT NULL AND o.last_scan_at < p.now THEN
           extract(epoch FROM p.now - o.last_scan_at) / 3600 - 24 * (SELECT count(*) FROM delivery_calendar_days d
             WHERE d.country = o.country AND d.day > (o.last_scan_at AT TIME ZONE 'UTC')::date AND d.day < p.today AND NOT d.working) END AS hours_since_scan
       FROM open o CROSS JOIN params p),
     tripped AS (
       SELECT m.id, m.order_id, m.country, r.rule, r.cause_tag,
              greatest(coalesce(m.days_past_promise, 0), coalesce(m.days_estimate_beyond, 0))::int AS days_late
       FROM measured m
       JOIN LATERAL (
         SELECT r.rule, r.cause_tag FROM rules r
         WHERE (r.rule = 'past_promise' AND m.days_past_promise IS NOT NULL)
            OR (r.rule = 'estimate_beyond_promise' AND m.days_estimate_beyond IS NOT NULL)
            OR (r.rule = 'no_first_scan' AND m.hours_without_first_scan > r.threshold_hours)
            OR (r.rule = 'no_scan' AND m.hours_since_scan > r.threshold_hours)
            OR (r.rule = 'exception_status' AND m.delivery_status = ANY(r.statuses))
         ORDER BY array_position($5::text[], r.rule)
         LIMIT 1) r ON true),
     before AS (SELECT d.shipment_id FROM delivery_delays d JOIN tripped t ON t.id = d.shipment_id WHERE d.resolved_at IS NULL),
     upserted AS (
       INSERT INTO delivery_delays (shipment_id, order_id, rule, cause_tag, days_late, calendar, detected_at, updated_at)
       SELECT t.id, t.order_id, t.rule, t.cause_tag, t.days_late, coalesce(l.label, 'weekdays'), p.now, p.now
       FROM tripped t CROSS JOIN params p LEFT JOIN labels l ON l.country = t.country
       ON CONFLICT (shipment_id) DO UPDATE SET
         rule = excluded.rule, cause_tag = excluded.cause_tag, days_late = excluded.days_late, calendar = excluded.calendar, updated_at = excluded.updated_at,
         detected_at = CASE WHEN delivery_delays.resolved_at IS NULL THEN delivery_delays.detected_at ELSE excluded.detected_at END,
         resolved_at = NULL
       RETURNING shipment_id),
     resolved AS (
       -- A delivered order's days late are counted up to its delivery day, for the record.
       UPDATE delivery_delays d SET resolved_at = p.now, updated_at = p.now,
         days_late = CASE WHEN s.delivered_at IS NOT NULL AND s.promised_on IS NOT NULL THEN greatest(d.days_late,
           (SELECT count(*)::int FROM delivery_calendar_days cd WHERE cd.country = coalesce(s.destination_country, c.country, '--')
              AND cd.day > s.promised_on AND cd.day <= (s.delivered_at AT TIME ZONE 'UTC')::date AND cd.working)) ELSE d.days_late END
       FROM params p CROSS JOIN shipments s LEFT JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id
       WHERE s.id = d.shipment_id AND d.resolved_at IS NULL AND ($2::bigint[] IS NULL OR d.shipment_id = ANY($2::bigint[]))
         AND NOT EXISTS (SELECT 1 FROM tripped t WHERE t.id = d.shipment_id)
       RETURNING d.shipment_id)
     SELECT (SELECT count(*) FROM open)::int AS evaluated,
            (SELECT count(*) FROM upserted)::int AS late,
            (SELECT array_agg(t.id ORDER BY t.id) FROM tripped t WHERE NOT EXISTS (SELECT 1 FROM before b WHERE b.shipment_id = t.id)) AS newly_late,
            (SELECT count(*) FROM resolved)::int AS resolved`,
    [now, scope, [...labels.keys()], [...labels.values()], RULE_ORDER]);
  return { evaluated: row!.evaluated, late: row!.late, newlyLate: (row!.newly_late ?? []).map(Number), resolved: row!.resolved };
}

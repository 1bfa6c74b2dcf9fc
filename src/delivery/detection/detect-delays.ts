import type { Db } from '../../platform/db/database.ts';
import { addDays, materialiseCalendarDays, NO_COUNTRY } from './calendar-days.ts';

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

/** Delay records written or resolved by one evaluation from which the table's statistics are taken again at once. */
const RECOUNT_AFTER = 10_000;

const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);

/**
 * Shipments (`s`) matching `where`, with the country whose calendar counts their days: the
 * destination's, else the customer's, else `fallback`. Most shipments name their destination;
 * only those that do not are joined to their order and customer — a join over every order
 * cost the sweep over 1 M shipments seconds for a country the shipment already had.
 */
const withCountry = (columns: string, fallback: string, where: string): string => `
  SELECT ${columns}, s.destination_country AS country FROM shipments s WHERE s.destination_country IS NOT NULL AND ${where}
  UNION ALL
  SELECT ${columns}, coalesce(c.country, ${fallback}) AS country
  FROM shipments s LEFT JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id
  WHERE s.destination_country IS NULL AND ${where}`;

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
  // Per country, not array_agg(DISTINCT …): one hash aggregate, no sort of every shipment.
  const spans = await db.query<{ country: string | null; first: string | null; last: string | null }>(
    `SELECT x.country,
            min(least(x.promised_on, (x.shipped_at AT TIME ZONE 'UTC')::date, (x.last_scan_at AT TIME ZONE 'UTC')::date))::text AS first,
            max(greatest(x.estimated_delivery_on, x.promised_on, (x.delivered_at AT TIME ZONE 'UTC')::date))::text AS last
     FROM (${withCountry('s.promised_on, s.shipped_at, s.last_scan_at, s.estimated_delivery_on, s.delivered_at', 'NULL',
       `(s.delivered_at IS NULL OR EXISTS (SELECT 1 FROM delivery_delays d WHERE d.shipment_id = s.id AND d.resolved_at IS NULL))
        AND ($1::bigint[] IS NULL OR s.id = ANY($1::bigint[]))`)}) x
     GROUP BY x.country`,
    [scope]);
  const firsts = spans.map((x) => x.first).filter((d) => d !== null);
  const lasts = spans.map((x) => x.last).filter((d) => d !== null);
  const span = {
    countries: spans.map((x) => x.country).filter((c) => c !== null),
    first: firsts.length ? firsts.reduce(minDay) : null,
    last: lasts.length ? lasts.reduce(maxDay) : null,
  };
  // Bounded: a shipment promised years ago counts its days late from two years back at most.
  const from = maxDay(minDay(span.first ?? today, addDays(today, -1)), addDays(today, -730));
  const to = minDay(maxDay(span.last ?? today, today), addDays(today, 365));
  const labels = await materialiseCalendarDays(db, span.countries, from, to);

  // The whole sweep without JIT: once the table holds records, the statement's estimated cost
  // passes jit_optimize_above_cost and compiling it took ~5 s of a 21 s repeat over 1 M
  // shipments (decision 052). SET LOCAL lasts to the end of the caller's transaction, if any.
  const [row] = scope ? await evaluate(db) : await db.transaction(async (tx) => {
    await tx.query('SET LOCAL jit = off');
    return evaluate(tx);
  });
  // A first sweep writes hundreds of thousands of records at once; planned on the statistics
  // of the near-empty table before it, the next statements (grouping, notices, the next
  // sweep's resolving anti-join) chose nested loops over all of them and ran for minutes
  // until autovacuum caught up. Counted here, in this transaction, they plan on the truth.
  if (row!.written + row!.resolved >= RECOUNT_AFTER) await db.query('ANALYZE delivery_delays');
  return { evaluated: row!.evaluated, late: row!.late, newlyLate: (row!.newly_late ?? []).map(Number), resolved: row!.resolved };

  function evaluate(on: Db) {
    return on.query<{ evaluated: number; late: number; written: number; newly_late: number[] | null; resolved: number }>(
    `WITH params AS (SELECT $1::timestamptz AS now, ($1::timestamptz AT TIME ZONE 'UTC')::date AS today),
     labels AS (SELECT * FROM unnest($3::text[], $4::text[]) AS l(country, label)),
     open AS (${withCountry('s.id, s.order_id, s.promised_on, s.estimated_delivery_on, s.shipped_at, s.first_scan_at, s.last_scan_at, s.delivery_status', `'${NO_COUNTRY}'`,
       `s.delivered_at IS NULL AND s.status <> 'delivered' AND coalesce(s.delivery_status, '') NOT IN ('delivered', 'cancelled')
         AND ($2::bigint[] IS NULL OR s.id = ANY($2::bigint[]))`)}),
     measured AS (
       -- Working days between two dates: the difference of their running counts (calendar-days.ts).
       SELECT o.*,
         CASE WHEN o.promised_on < p.today THEN ct.working_index - coalesce(cp.working_index, 0) END AS days_past_promise,
         CASE WHEN o.estimated_delivery_on > o.promised_on THEN coalesce(ce.working_index, ct.working_index) - coalesce(cp.working_index, 0) END AS days_estimate_beyond,
         CASE WHEN pr.predicted_on > o.promised_on THEN coalesce(cpr.working_index, ct.working_index) - coalesce(cp.working_index, 0) END AS days_predicted_beyond,
         CASE WHEN o.shipped_at IS NOT NULL AND o.first_scan_at IS NULL AND o.shipped_at < p.now THEN
           extract(epoch FROM p.now - o.shipped_at) / 3600 - 24 * greatest(0, cy.nonworking_index - coalesce(cs.nonworking_index, 0)) END AS hours_without_first_scan,
         CASE WHEN o.last_scan_at IS NOT NULL AND o.last_scan_at < p.now THEN
           extract(epoch FROM p.now - o.last_scan_at) / 3600 - 24 * greatest(0, cy.nonworking_index - coalesce(cl.nonworking_index, 0)) END AS hours_since_scan
       FROM open o CROSS JOIN params p
       LEFT JOIN delivery_calendar_days ct ON ct.country = o.country AND ct.day = p.today
       LEFT JOIN delivery_calendar_days cy ON cy.country = o.country AND cy.day = p.today - 1
       LEFT JOIN delivery_calendar_days cp ON cp.country = o.country AND cp.day = o.promised_on
       LEFT JOIN delivery_calendar_days ce ON ce.country = o.country AND ce.day = o.estimated_delivery_on
       -- Rebound's own estimate from the carrier's history (prediction/predict-delivery.ts).
       LEFT JOIN delivery_predictions pr ON pr.shipment_id = o.id
       LEFT JOIN delivery_calendar_days cpr ON cpr.country = o.country AND cpr.day = pr.predicted_on
       LEFT JOIN delivery_calendar_days cs ON cs.country = o.country AND cs.day = (o.shipped_at AT TIME ZONE 'UTC')::date
       LEFT JOIN delivery_calendar_days cl ON cl.country = o.country AND cl.day = (o.last_scan_at AT TIME ZONE 'UTC')::date),
     -- The rules as one row, so each shipment is judged by one CASE: the first rule that holds, in this order, names the delay.
     r AS (
       SELECT bool_or(enabled) FILTER (WHERE rule = 'past_promise') AS past_promise,
              bool_or(enabled) FILTER (WHERE rule = 'estimate_beyond_promise') AS estimate_beyond_promise,
              coalesce(bool_or(enabled) FILTER (WHERE rule = 'predicted_beyond_promise'), false) AS predicted_beyond_promise,
              bool_or(enabled) FILTER (WHERE rule = 'exception_status') AS exception_status,
              bool_or(enabled) FILTER (WHERE rule = 'no_scan') AS no_scan,
              bool_or(enabled) FILTER (WHERE rule = 'no_first_scan') AS no_first_scan,
              max(threshold_hours) FILTER (WHERE rule = 'no_scan') AS no_scan_hours,
              max(threshold_hours) FILTER (WHERE rule = 'no_first_scan') AS no_first_scan_hours,
              (SELECT statuses FROM delivery_detection_rules WHERE rule = 'exception_status') AS exception_statuses,
              jsonb_object_agg(rule, cause_tag) AS cause_tags
       FROM delivery_detection_rules),
     judged AS (
       SELECT m.id, m.order_id, m.country,
              greatest(coalesce(m.days_past_promise, 0), coalesce(m.days_estimate_beyond, 0),
                       CASE WHEN r.predicted_beyond_promise THEN coalesce(m.days_predicted_beyond, 0) ELSE 0 END)::int AS days_late,
              CASE
                WHEN r.past_promise AND m.days_past_promise IS NOT NULL THEN 'past_promise'
                WHEN r.exception_status AND m.delivery_status = ANY(r.exception_statuses) THEN 'exception_status'
                WHEN r.estimate_beyond_promise AND m.days_estimate_beyond IS NOT NULL THEN 'estimate_beyond_promise'
                WHEN r.predicted_beyond_promise AND m.days_predicted_beyond IS NOT NULL THEN 'predicted_beyond_promise'
                WHEN r.no_scan AND m.hours_since_scan > r.no_scan_hours THEN 'no_scan'
                WHEN r.no_first_scan AND m.hours_without_first_scan > r.no_first_scan_hours THEN 'no_first_scan'
              END AS rule,
              r.cause_tags
       FROM measured m CROSS JOIN r),
     tripped AS (
       SELECT j.id, j.order_id, j.country, j.rule, j.cause_tags ->> j.rule AS cause_tag, j.days_late
       FROM judged j WHERE j.rule IS NOT NULL),
     before AS (SELECT d.shipment_id FROM delivery_delays d JOIN tripped t ON t.id = d.shipment_id WHERE d.resolved_at IS NULL),
     upserted AS (
       INSERT INTO delivery_delays (shipment_id, order_id, rule, cause_tag, days_late, calendar, detected_at, updated_at)
       SELECT t.id, t.order_id, t.rule, t.cause_tag, t.days_late, coalesce(l.label, 'weekdays'), p.now, p.now
       FROM tripped t CROSS JOIN params p LEFT JOIN labels l ON l.country = t.country
       ON CONFLICT (shipment_id) DO UPDATE SET
         order_id = excluded.order_id, rule = excluded.rule, cause_tag = excluded.cause_tag, days_late = excluded.days_late, calendar = excluded.calendar, updated_at = excluded.updated_at,
         detected_at = CASE WHEN delivery_delays.resolved_at IS NULL THEN delivery_delays.detected_at ELSE excluded.detected_at END,
         resolved_at = NULL
       WHERE (delivery_delays.order_id, delivery_delays.rule, delivery_delays.cause_tag, delivery_delays.days_late, delivery_delays.calendar)
             IS DISTINCT FROM (excluded.order_id, excluded.rule, excluded.cause_tag, excluded.days_late, excluded.calendar)
          OR delivery_delays.resolved_at IS NOT NULL
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
            (SELECT count(*) FROM tripped)::int AS late, (SELECT count(*) FROM upserted)::int AS written,
            (SELECT array_agg(t.id ORDER BY t.id) FROM tripped t WHERE NOT EXISTS (SELECT 1 FROM before b WHERE b.shipment_id = t.id)) AS newly_late,
            (SELECT count(*) FROM resolved)::int AS resolved`,
    [now, scope, [...labels.keys()], [...labels.values()]]);
  }
}

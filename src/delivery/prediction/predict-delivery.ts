import type { Db } from '../../platform/db/database.ts';
import { addDays, materialiseCalendarDays, NO_COUNTRY } from '../detection/calendar-days.ts';

/** Fewer delivered shipments than this at a level: the estimate falls back to the next coarser one. */
export const MIN_HISTORY = 20;
/** How far back the history reaches. */
export const HISTORY_DAYS = 180;

export interface PredictionOptions {
  /** History: shipments handed over in [historyFrom, historyTo) and delivered. */
  historyFrom: Date;
  historyTo: Date;
  minHistory?: number;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

// A shipment's country (its destination, else its customer's), hand-over day and lane, as history and target share them.
const BASE = `
  SELECT s.id, s.carrier_code, coalesce(s.service, '') AS service,
         coalesce(s.warehouse, '?') || '>' || coalesce(s.destination_country, c.country, '${NO_COUNTRY}') AS lane,
         coalesce(s.destination_country, c.country, '${NO_COUNTRY}') AS country,
         (s.shipped_at AT TIME ZONE 'UTC')::date AS shipped_day, (s.delivered_at AT TIME ZONE 'UTC')::date AS delivered_day,
         s.shipped_at, s.delivered_at, s.promised_on, coalesce(s.original_estimated_delivery_on, s.estimated_delivery_on) AS carrier_estimate
  FROM shipments s LEFT JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id`;

/**
 * The estimate as one statement: the carrier's history gives, per (carrier, service, lane),
 * (carrier, service) and carrier, the 10th, 50th and 90th percentile of transit time in
 * working days of the destination country; each target shipment takes the finest level with
 * enough history and counts those working days on from its hand-over day.
 * $1, $2: history window; $3: minimum history; target shipments by `targetWhere` over `b`.
 */
function predictionSql(targetWhere: string): string {
  return `
  WITH base AS (${BASE}),
  hist AS (
    SELECT b.carrier_code, b.service, b.lane, cd.working_index - cs.working_index AS bd
    FROM base b
    JOIN delivery_calendar_days cs ON cs.country = b.country AND cs.day = b.shipped_day
    JOIN delivery_calendar_days cd ON cd.country = b.country AND cd.day = b.delivered_day
    WHERE b.delivered_at IS NOT NULL AND b.shipped_at >= $1 AND b.shipped_at < $2 AND b.delivered_at >= b.shipped_at),
  model AS (
    SELECT carrier_code,
           CASE WHEN grouping(service) = 1 THEN '*' ELSE service END AS service,
           CASE WHEN grouping(lane) = 1 THEN '*' ELSE lane END AS lane,
           grouping(service) + grouping(lane) AS coarseness,
           count(*)::int AS n,
           percentile_disc(0.1) WITHIN GROUP (ORDER BY bd) AS p10,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY bd) AS p50,
           percentile_disc(0.9) WITHIN GROUP (ORDER BY bd) AS p90
    FROM hist GROUP BY GROUPING SETS ((carrier_code, service, lane), (carrier_code, service), (carrier_code))),
  target AS (SELECT b.* FROM base b WHERE b.shipped_at IS NOT NULL AND (${targetWhere})),
  chosen AS (
    SELECT DISTINCT ON (t.id) t.id, t.country, t.shipped_day, m.n, m.p10, m.p50, m.p90, m.coarseness
    FROM target t JOIN model m ON m.carrier_code = t.carrier_code AND m.service IN ('*', t.service) AND m.lane IN ('*', t.lane)
    WHERE m.n >= $3
    ORDER BY t.id, m.coarseness)
  SELECT ch.id AS shipment_id, ch.n AS history, ch.p50::int AS transit_days,
         CASE ch.coarseness WHEN 0 THEN 'lane' WHEN 1 THEN 'service' ELSE 'carrier' END AS basis,
         (SELECT min(d.day) FROM delivery_calendar_days d WHERE d.country = ch.country AND d.working AND d.working_index >= cs.working_index + ch.p10)::text AS earliest_on,
         (SELECT min(d.day) FROM delivery_calendar_days d WHERE d.country = ch.country AND d.working AND d.working_index >= cs.working_index + ch.p50)::text AS predicted_on,
         (SELECT min(d.day) FROM delivery_calendar_days d WHERE d.country = ch.country AND d.working AND d.working_index >= cs.working_index + ch.p90)::text AS latest_on
  FROM chosen ch JOIN delivery_calendar_days cs ON cs.country = ch.country AND cs.day = ch.shipped_day`;
}

/** Working days written for every country of the history and the targets, far enough ahead for a slow carrier. */
async function prepareCalendar(db: Db, from: Date, to: Date): Promise<void> {
  const [row] = await db.query<{ countries: string[] | null; first: string | null; last: string | null }>(
    `SELECT array_agg(DISTINCT country) AS countries, min(least(shipped_day, delivered_day))::text AS first, max(greatest(shipped_day, delivered_day))::text AS last
     FROM (${BASE}) b WHERE b.shipped_at IS NOT NULL AND (b.delivered_at IS NULL OR (b.shipped_at >= $1 AND b.shipped_at < $2))`, [from, to]);
  if (!row?.countries?.length) return;
  const first = row.first && row.first < day(from) ? row.first : day(from);
  const lastKnown = row.last && row.last > day(to) ? row.last : day(to);
  await materialiseCalendarDays(db, row.countries.filter((c) => c !== NO_COUNTRY), first, addDays(lastKnown, 120));
}

/**
 * Estimates every open shipment handed over to its carrier (or those given) and keeps the
 * estimates in delivery_predictions; detection's rule predicted_beyond_promise reads them.
 * A shipment without enough history at any level has no estimate, and loses an old one.
 */
export async function refreshPredictions(db: Db, now: Date, shipmentIds?: readonly number[], options: Partial<PredictionOptions> = {}): Promise<{ predicted: number; without_history: number }> {
  const from = options.historyFrom ?? new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const to = options.historyTo ?? now;
  await prepareCalendar(db, from, to);
  const scope = shipmentIds ? [...shipmentIds] : null;
  const [row] = await db.query<{ predicted: number; targets: number }>(
    `WITH p AS (${predictionSql('b.delivered_at IS NULL AND ($4::bigint[] IS NULL OR b.id = ANY($4::bigint[]))')}),
     written AS (
       INSERT INTO delivery_predictions (shipment_id, predicted_on, earliest_on, latest_on, transit_days, basis, history, computed_at)
       SELECT shipment_id, predicted_on::date, earliest_on::date, latest_on::date, transit_days, basis, history, $5 FROM p WHERE predicted_on IS NOT NULL AND latest_on IS NOT NULL
       ON CONFLICT (shipment_id) DO UPDATE SET predicted_on = excluded.predicted_on, earliest_on = excluded.earliest_on, latest_on = excluded.latest_on,
         transit_days = excluded.transit_days, basis = excluded.basis, history = excluded.history, computed_at = excluded.computed_at
       RETURNING shipment_id),
     dropped AS (
       DELETE FROM delivery_predictions dp USING shipments s WHERE s.id = dp.shipment_id AND ($4::bigint[] IS NULL OR s.id = ANY($4::bigint[]))
         AND (s.delivered_at IS NOT NULL OR NOT EXISTS (SELECT 1 FROM p WHERE p.shipment_id = dp.shipment_id AND p.predicted_on IS NOT NULL AND p.latest_on IS NOT NULL))
       RETURNING dp.shipment_id)
     SELECT (SELECT count(*) FROM written)::int AS predicted,
            (SELECT count(*) FROM shipments s WHERE s.delivered_at IS NULL AND s.shipped_at IS NOT NULL AND ($4::bigint[] IS NULL OR s.id = ANY($4::bigint[])))::int AS targets,
            (SELECT count(*) FROM dropped)::int AS dropped`,
    [from, to, options.minHistory ?? MIN_HISTORY, scope, now]);
  return { predicted: row!.predicted, without_history: row!.targets - row!.predicted };
}

export interface PredictionAccuracy {
  /** Held-out delivered shipments (handed over on or after the cutoff) that both estimates cover. */
  shipments: number;
  /** Of the held-out, those without enough history for an estimate. */
  without_history: number;
  /** Mean absolute error in calendar days of Rebound's estimate (the median). */
  mae_days: number | null;
  /** Of the carrier's own (first) estimate: the baseline. */
  carrier_mae_days: number | null;
  /** Share of held-out deliveries inside the predicted range. */
  within_range: number | null;
}

/**
 * Measures the estimate on a held-out part of the history: the model learns from shipments
 * handed over before `cutoff`, and is judged on those handed over from then on and delivered,
 * next to the carrier's own first estimate for the same shipments.
 */
export async function measurePredictions(db: Db, cutoff: Date, options: { historyFrom?: Date; until?: Date; minHistory?: number } = {}): Promise<PredictionAccuracy> {
  const from = options.historyFrom ?? new Date(cutoff.getTime() - HISTORY_DAYS * 86_400_000);
  const until = options.until ?? new Date(cutoff.getTime() + 3650 * 86_400_000);
  await prepareCalendar(db, from, until);
  const [row] = await db.query<{ shipments: number; held_out: number; mae: number | null; carrier_mae: number | null; within: number | null }>(
    `WITH p AS (${predictionSql('b.delivered_at IS NOT NULL AND b.shipped_at >= $2 AND b.shipped_at < $4')}),
     held_out AS (SELECT b.* FROM (${BASE}) b WHERE b.delivered_at IS NOT NULL AND b.shipped_at >= $2 AND b.shipped_at < $4 AND b.carrier_estimate IS NOT NULL),
     judged AS (
       SELECT abs(h.delivered_day - p.predicted_on::date) AS err, abs(h.delivered_day - h.carrier_estimate) AS carrier_err,
              h.delivered_day BETWEEN p.earliest_on::date AND p.latest_on::date AS within
       FROM held_out h JOIN p ON p.shipment_id = h.id WHERE p.predicted_on IS NOT NULL AND p.latest_on IS NOT NULL)
     SELECT (SELECT count(*) FROM judged)::int AS shipments, (SELECT count(*) FROM held_out)::int AS held_out,
            (SELECT avg(err) FROM judged)::float8 AS mae, (SELECT avg(carrier_err) FROM judged)::float8 AS carrier_mae,
            (SELECT avg(within::int) FROM judged)::float8 AS within`,
    [from, cutoff, options.minHistory ?? MIN_HISTORY, until]);
  return { shipments: row!.shipments, without_history: row!.held_out - row!.shipments, mae_days: row!.mae, carrier_mae_days: row!.carrier_mae, within_range: row!.within };
}

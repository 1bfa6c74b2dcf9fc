import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { openIncident, type DeliveryIncident } from './incidents.ts';

export interface CarrierTrip {
  carrier: string;
  window_hours: number;
  window_shipments: number;
  window_late: number;
  window_late_share: number;
  baseline_days: number;
  baseline_shipments: number;
  baseline_late_share: number | null;
  ratio: number;
}

/**
 * A carrier trips when, of its shipments due in the last window (promised within it, or
 * found late within it), at least `min_shipments` are counted, at least `min_late_share` are
 * late, and that share is `ratio` times its usual one — the late share of shipments promised
 * in the `baseline_days` before the window. A carrier without a baseline trips on the
 * minimum share alone. Carriers with an open incident are not tried again.
 */
export async function carriersTripped(db: Db, now: Date): Promise<CarrierTrip[]> {
  return db.query<CarrierTrip>(
    `WITH settings AS (SELECT * FROM delivery_incident_settings),
     p AS (SELECT $1::timestamptz AS now, ($1::timestamptz AT TIME ZONE 'UTC')::date AS today,
                  ceil(st.window_hours / 24.0)::int AS window_days, st.* FROM settings st),
     recent AS (
       SELECT s.carrier_code, count(*)::int AS shipments,
              count(*) FILTER (WHERE d.shipment_id IS NOT NULL AND (d.resolved_at IS NULL OR d.resolved_at > p.now - make_interval(hours => p.window_hours)))::int AS late
       FROM shipments s CROSS JOIN p
       LEFT JOIN delivery_delays d ON d.shipment_id = s.id
       WHERE s.promised_on BETWEEN p.today - p.window_days AND p.today
          OR d.detected_at > p.now - make_interval(hours => p.window_hours)
       GROUP BY s.carrier_code),
     usual AS (
       SELECT s.carrier_code, count(*)::int AS shipments, count(d.shipment_id)::int AS late
       FROM shipments s CROSS JOIN p
       LEFT JOIN delivery_delays d ON d.shipment_id = s.id
       WHERE s.promised_on >= p.today - p.window_days - p.baseline_days AND s.promised_on < p.today - p.window_days
       GROUP BY s.carrier_code)
     SELECT r.carrier_code AS carrier, p.window_hours, r.shipments AS window_shipments, r.late AS window_late,
            round(r.late::numeric / r.shipments, 4)::float8 AS window_late_share,
            p.baseline_days, coalesce(u.shipments, 0) AS baseline_shipments,
            CASE WHEN u.shipments > 0 THEN round(u.late::numeric / u.shipments, 4)::float8 END AS baseline_late_share,
            p.ratio::float8 AS ratio
     FROM recent r CROSS JOIN p
     LEFT JOIN usual u ON u.carrier_code = r.carrier_code
     WHERE r.shipments >= p.min_shipments
       AND r.late::numeric / r.shipments >= p.min_late_share
       AND (u.shipments IS NULL OR u.shipments = 0 OR r.late::numeric / r.shipments >= p.ratio * u.late / u.shipments)
       AND NOT EXISTS (SELECT 1 FROM delivery_incidents i WHERE i.status = 'open' AND i.cause_kind = 'carrier' AND i.cause_value = r.carrier_code)
     ORDER BY r.carrier_code`,
    [now]);
}

/** Opens an incident for every carrier that trips now (the incident records the figures). */
export async function openTrippedIncidents(db: Db, clock: Clock): Promise<DeliveryIncident[]> {
  const opened: DeliveryIncident[] = [];
  for (const trip of await carriersTripped(db, clock.now())) {
    opened.push(await openIncident(db, clock, { kind: 'system', label: 'delivery tripwire' }, {
      causeKind: 'carrier',
      causeValue: trip.carrier,
      title: `Late deliveries: ${trip.carrier} ${Math.round(trip.window_late_share * 100)} % late in ${trip.window_hours} h (usually ${trip.baseline_late_share === null ? 'unknown' : `${Math.round(trip.baseline_late_share * 100)} %`})`,
      trip: { ...trip },
    }));
  }
  return opened;
}

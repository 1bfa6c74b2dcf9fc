import type { Db } from '../../platform/db/database.ts';

export const DASHBOARD_DIMENSIONS = ['total', 'carrier', 'region', 'day'] as const;
export type DashboardDimension = (typeof DASHBOARD_DIMENSIONS)[number];

/** The targets of the seed's plan (issue 15.8). */
export const DASHBOARD_TARGETS = {
  on_time_rate: { min: 0.95 },
  csat: { min: 0.85 },
  first_response_hours: { max: 24 },
  complaints_change: { max: -0.7 },
} as const;

/** A post-delivery survey is any survey whose key starts with "delivery" (e.g. delivery-csat); its case_id names the shipment or order. */
export const DELIVERY_SURVEY_KEY_PATTERN = 'delivery%';

export interface DashboardRow {
  key: string;
  shipments_due: number;
  on_time: number;
  on_time_rate: number | null;
  late: number;
  average_delay_days: number | null;
  open_delayed_orders: number;
  priority_cases: number;
  first_responded: number;
  first_response_hours: number | null;
  first_response_breached: number;
  csat_answers: number;
  csat: number | null;
  delivered: number;
  returned: number;
  return_rate: number | null;
  complaints: number;
}

export interface Dashboard {
  from: string;
  to: string;
  by: DashboardDimension;
  targets: typeof DASHBOARD_TARGETS;
  total: DashboardRow & {
    csat_note: string | null;
    complaints_last_30_days: number;
    complaints_previous_30_days: number;
    complaints_change: number | null;
    met: { on_time_rate: boolean | null; csat: boolean | null; first_response_hours: boolean | null; complaints_change: boolean | null };
  };
  rows: DashboardRow[];
}

// Where a shipment belongs: carrier, region (destination region, else country), or a day of the metric's own moment.
const REGION = `coalesce(s.destination_region, s.destination_country, 'unknown')`;
function dim(by: DashboardDimension, moment: string): string {
  if (by === 'carrier') return 's.carrier';
  if (by === 'region') return REGION;
  if (by === 'day') return `((${moment}) AT TIME ZONE 'UTC')::date::text`;
  return `'total'`;
}

// A complaint or survey answer reaches a shipment through its order (the order's first shipment).
const SHIPMENT_OF_ORDER = `LEFT JOIN LATERAL (SELECT * FROM shipments x WHERE x.order_id = ORDER_ID ORDER BY x.id LIMIT 1) s ON true`;

async function measure(db: Db, by: DashboardDimension, from: Date, to: Date, now: Date): Promise<Map<string, DashboardRow>> {
  const rows = new Map<string, DashboardRow>();
  const row = (key: string): DashboardRow => {
    let r = rows.get(key);
    if (!r) {
      r = { key, shipments_due: 0, on_time: 0, on_time_rate: null, late: 0, average_delay_days: null, open_delayed_orders: 0, priority_cases: 0, first_responded: 0,
        first_response_hours: null, first_response_breached: 0, csat_answers: 0, csat: null, delivered: 0, returned: 0, return_rate: null, complaints: 0 };
      rows.set(key, r);
    }
    return r;
  };
  const fromDay = from.toISOString().slice(0, 10);
  const toDay = to.toISOString().slice(0, 10);

  // On time: shipments promised in the period and due by now — delivered on or before the promised day.
  for (const r of await db.query<{ key: string; due: number; on_time: number; late: number; avg_delay: number | null }>(
    `SELECT ${dim(by, 's.promised_on::timestamp AT TIME ZONE \'UTC\'')} AS key, count(*)::int AS due,
            count(*) FILTER (WHERE s.delivered_at IS NOT NULL AND (s.delivered_at AT TIME ZONE 'UTC')::date <= s.promised_on)::int AS on_time,
            count(*) FILTER (WHERE d.shipment_id IS NOT NULL)::int AS late,
            (avg(d.days_late) FILTER (WHERE d.shipment_id IS NOT NULL))::float8 AS avg_delay
     FROM shipments s LEFT JOIN delivery_delays d ON d.shipment_id = s.id
     WHERE s.promised_on >= $1::date AND s.promised_on <= $2::date AND (s.delivered_at IS NOT NULL OR s.promised_on < ($3::timestamptz AT TIME ZONE 'UTC')::date)
       AND coalesce(s.delivery_status, '') <> 'cancelled'
     GROUP BY 1`, [fromDay, toDay, now])) {
    Object.assign(row(r.key), { shipments_due: r.due, on_time: r.on_time, on_time_rate: r.due ? r.on_time / r.due : null, late: r.late, average_delay_days: r.avg_delay });
  }

  // Open delayed orders: now, per carrier and region; per day, those open at the end of each day.
  const openSql = by === 'day'
    ? `SELECT g.day::date::text AS key, count(d.*)::int AS open FROM generate_series($1::date, $2::date, interval '1 day') g(day)
       JOIN delivery_delays d ON d.detected_at < g.day + interval '1 day' AND (d.resolved_at IS NULL OR d.resolved_at >= g.day + interval '1 day')
       GROUP BY 1`
    : `SELECT ${dim(by, 'now()')} AS key, count(*)::int AS open FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id WHERE d.resolved_at IS NULL AND $1::date IS NOT NULL AND $2::date IS NOT NULL GROUP BY 1`;
  for (const r of await db.query<{ key: string; open: number }>(openSql, [fromDay, toDay])) row(r.key).open_delayed_orders = r.open;

  // First response of priority cases (cases about delayed orders), received in the period.
  for (const r of await db.query<{ key: string; cases: number; responded: number; hours: number | null; breached: number }>(
    `SELECT ${dim(by, 'c.received_at')} AS key, count(*)::int AS cases, count(c.first_responded_at)::int AS responded,
            (avg(extract(epoch FROM c.first_responded_at - c.received_at) / 3600) FILTER (WHERE c.first_responded_at IS NOT NULL))::float8 AS hours,
            count(*) FILTER (WHERE c.first_response_breached_at IS NOT NULL)::int AS breached
     FROM delivery_priority_cases p JOIN cases c ON c.id = p.case_id JOIN shipments s ON s.id = p.shipment_id
     WHERE c.received_at >= $1 AND c.received_at < $2 GROUP BY 1`, [from, to])) {
    Object.assign(row(r.key), { priority_cases: r.cases, first_responded: r.responded, first_response_hours: r.hours, first_response_breached: r.breached });
  }

  // CSAT after delivery: answers to a post-delivery survey; satisfied = 4 or 5 of 5. The answer names its
  // shipment or order by case_id: the delivered apology's `delivery:shipment:<id>` (deliverySurveyCase),
  // else the shipment's or order's external id or the shipment's row id, whichever another sender used.
  for (const r of await db.query<{ key: string; answers: number; satisfied: number }>(
    `SELECT ${dim(by, 'a.submitted_at')} AS key, count(*)::int AS answers, count(*) FILTER (WHERE a.csat >= 4)::int AS satisfied
     FROM survey_responses a
     LEFT JOIN LATERAL (
       SELECT x.* FROM shipments x LEFT JOIN orders o ON o.id = x.order_id
       WHERE a.case_id = 'delivery:shipment:' || x.id OR x.external_id = a.case_id OR x.id::text = a.case_id OR o.external_id = a.case_id
       ORDER BY x.id LIMIT 1) s ON true
     WHERE (a.survey_key LIKE $3 OR a.case_type LIKE $3) AND a.csat IS NOT NULL AND a.submitted_at >= $1 AND a.submitted_at < $2
     GROUP BY 1`, [from, to, DELIVERY_SURVEY_KEY_PATTERN])) {
    Object.assign(row(r.key ?? 'unknown'), { csat_answers: r.answers, csat: r.answers ? r.satisfied / r.answers : null });
  }

  // Returns: of shipments delivered in the period, those sent back by the carrier or returned by the customer
  // (a return order of the same customer within 30 days of delivery).
  for (const r of await db.query<{ key: string; delivered: number; returned: number }>(
    `SELECT ${dim(by, 's.delivered_at')} AS key, count(*)::int AS delivered,
            count(*) FILTER (WHERE s.status = 'returned' OR s.delivery_status = 'return_to_sender' OR EXISTS (
              SELECT 1 FROM orders o JOIN orders ret ON ret.customer_id = o.customer_id AND ret.kind = 'return'
              WHERE o.id = s.order_id AND ret.ordered_at >= s.delivered_at AND ret.ordered_at < s.delivered_at + interval '30 days'))::int AS returned
     FROM shipments s WHERE s.delivered_at >= $1 AND s.delivered_at < $2 GROUP BY 1`, [from, to])) {
    Object.assign(row(r.key), { delivered: r.delivered, returned: r.returned, return_rate: r.delivered ? r.returned / r.delivered : null });
  }

  // Complaints about delivery: category delivery, or about an order that was late.
  for (const r of await db.query<{ key: string; complaints: number }>(
    `SELECT ${dim(by, 'k.received_at')} AS key, count(*)::int AS complaints
     FROM complaints k ${SHIPMENT_OF_ORDER.replace('ORDER_ID', 'k.order_id')}
     WHERE k.received_at >= $1 AND k.received_at < $2
       AND (k.category = 'delivery' OR EXISTS (SELECT 1 FROM delivery_delays d WHERE d.order_id = k.order_id))
     GROUP BY 1`, [from, to])) {
    row(r.key ?? 'unknown').complaints = r.complaints;
  }
  return rows;
}

const emptyKey = (by: DashboardDimension) => (by === 'total' ? 'total' : 'unknown');

/**
 * The delivery dashboard (issue 15.8): on-time rate, average delay, open delayed orders,
 * first-response time of priority cases, CSAT after delivery, return rate and complaint
 * volume, in total and per carrier, region or day, each against its target.
 */
export async function deliveryDashboard(db: Db, now: Date, from: Date, to: Date, by: DashboardDimension): Promise<Dashboard> {
  const totals = (await measure(db, 'total', from, to, now)).get('total');
  const rows = by === 'total' ? [] : [...(await measure(db, by, from, to, now)).values()].map((r) => ({ ...r, key: r.key ?? emptyKey(by) }));
  rows.sort((a, b) => (by === 'day' ? a.key.localeCompare(b.key) : b.shipments_due - a.shipments_due || a.key.localeCompare(b.key)));
  const base: DashboardRow = totals ?? {
    key: 'total', shipments_due: 0, on_time: 0, on_time_rate: null, late: 0, average_delay_days: null, open_delayed_orders: 0, priority_cases: 0, first_responded: 0,
    first_response_hours: null, first_response_breached: 0, csat_answers: 0, csat: null, delivered: 0, returned: 0, return_rate: null, complaints: 0,
  };
  // Complaints −70 % in a month: the last 30 days to `to` against the 30 days before them.
  const [c] = await db.query<{ last: number; previous: number }>(
    `SELECT count(*) FILTER (WHERE k.received_at >= $1::timestamptz - interval '30 days')::int AS last,
            count(*) FILTER (WHERE k.received_at < $1::timestamptz - interval '30 days')::int AS previous
     FROM complaints k WHERE k.received_at >= $1::timestamptz - interval '60 days' AND k.received_at < $1
       AND (k.category = 'delivery' OR EXISTS (SELECT 1 FROM delivery_delays d WHERE d.order_id = k.order_id))`, [to]);
  const change = c!.previous ? (c!.last - c!.previous) / c!.previous : null;
  return {
    from: from.toISOString(), to: to.toISOString(), by, targets: DASHBOARD_TARGETS,
    total: {
      ...base,
      csat_note: base.csat_answers ? null : 'no answers yet',
      complaints_last_30_days: c!.last, complaints_previous_30_days: c!.previous, complaints_change: change,
      met: {
        on_time_rate: base.on_time_rate === null ? null : base.on_time_rate > DASHBOARD_TARGETS.on_time_rate.min,
        csat: base.csat === null ? null : base.csat > DASHBOARD_TARGETS.csat.min,
        first_response_hours: base.first_response_hours === null ? null : base.first_response_hours <= DASHBOARD_TARGETS.first_response_hours.max && base.first_response_breached === 0,
        complaints_change: change === null ? null : change <= DASHBOARD_TARGETS.complaints_change.max,
      },
    },
    rows,
  };
}

export const DASHBOARD_CSV_COLUMNS = ['key', 'shipments_due', 'on_time', 'on_time_rate', 'late', 'average_delay_days', 'open_delayed_orders', 'priority_cases', 'first_responded',
  'first_response_hours', 'first_response_breached', 'csat_answers', 'csat', 'delivered', 'returned', 'return_rate', 'complaints'] as const;

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : String(v);
  // Quoted, and a leading formula character neutralised, as every CSV export does.
  return /^[=+\-@\t\r]/.test(s) && typeof v !== 'number' ? `"'${s.replace(/"/g, '""')}"` : /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The rows (and the total as the last line) as CSV. */
export function dashboardCsv(dashboard: Dashboard): string {
  const lines = [DASHBOARD_CSV_COLUMNS.join(',')];
  for (const r of [...dashboard.rows, dashboard.total]) lines.push(DASHBOARD_CSV_COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

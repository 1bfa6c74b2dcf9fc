import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { newcombeDifference, wilsonInterval, type Interval } from './newcombe.ts';

/**
 * The win-back reports (issue 14, W8; definitions in decision 038). All read the process's own
 * records: win-backs are `winback_journeys` (one per process instance), their steps
 * `winback_step_results`, segment entries with their control draw `winback_segment_entries`,
 * and orders. A period selects win-backs by when they started (entries by when they entered);
 * either end may be left open.
 */
export interface ReportRange {
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
  segmentId: number | null;
}

const RANGE = (column: string, first: number) =>
  `($${first}::timestamptz IS NULL OR ${column} >= $${first}) AND ($${first + 1}::timestamptz IS NULL OR ${column} < $${first + 1})`;

export interface ReasonRow {
  segment_id: number | null;
  segment_name: string | null;
  reason: string;
  label_en: string;
  label_ru: string;
  count: number;
  /** Of the win-backs with a reason found in the same segment (or overall). */
  share: number;
}

/**
 * Reasons for leaving: win-backs whose reason was found (a "reason found" step), counted per
 * segment and reason, with each reason's share of its segment. `survey_needed` is not a reason:
 * it only sent the customer to the call survey, whose conclusion replaced it.
 */
export async function reasonsReport(db: Db, range: ReportRange): Promise<{ segments: ReasonRow[]; overall: ReasonRow[] }> {
  const rows = await db.query<Omit<ReasonRow, 'share'>>(
    `SELECT j.segment_id, s.name AS segment_name, j.reason, r.labels->>'en' AS label_en, coalesce(r.labels->>'ru', r.labels->>'en') AS label_ru, count(*)::int AS count
     FROM winback_journeys j
     JOIN winback_reasons r ON r.key = j.reason
     LEFT JOIN winback_segments s ON s.id = j.segment_id
     WHERE r.is_cause AND EXISTS (SELECT 1 FROM winback_step_results sr WHERE sr.journey_id = j.id AND sr.result = 'reason_found')
       AND ${RANGE('j.started_at', 1)} AND ($3::bigint IS NULL OR j.segment_id = $3)
     GROUP BY j.segment_id, s.name, j.reason, r.labels, r.position
     ORDER BY j.segment_id NULLS LAST, count(*) DESC, r.position`,
    [range.from, range.to, range.segmentId]);
  const withShares = (list: Omit<ReasonRow, 'share'>[], key: (r: Omit<ReasonRow, 'share'>) => string): ReasonRow[] => {
    const totals = new Map<string, number>();
    for (const r of list) totals.set(key(r), (totals.get(key(r)) ?? 0) + r.count);
    return list.map((r) => ({ ...r, share: r.count / totals.get(key(r))! }));
  };
  const pooled = new Map<string, Omit<ReasonRow, 'share'>>();
  for (const r of rows) {
    const seen = pooled.get(r.reason);
    if (seen) seen.count += r.count;
    else pooled.set(r.reason, { ...r, segment_id: null, segment_name: null });
  }
  const overall = [...pooled.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { segments: withShares(rows, (r) => String(r.segment_id)), overall: withShares(overall, () => 'all') };
}

export const FUNNEL_STEPS = ['entered', 'reached', 'reason_found', 'cause_eliminated', 'offer_made', 'came_back'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelRow {
  step: FunnelStep;
  count: number;
  /** This step's count over the previous step's; null for the first step or after an empty one. */
  conversion: number | null;
}

/**
 * The funnel of the win-back process. Each step counts the win-backs that passed it and every
 * step before it, so the funnel never widens and a conversion never exceeds 1:
 * entered — the process started; reached — a "reached" step result (the call or the call survey
 * got through); reason found — a "reason found" step; cause eliminated — the customer went past
 * the wait on the cause (released from it, or the cause was already eliminated when checked);
 * offer made — an "offer made" step (a voucher was issued; a decision for no offer is not one);
 * came back — an order after the offer was correlated to the process.
 */
export async function funnelReport(db: Db, range: ReportRange): Promise<FunnelRow[]> {
  const [row] = await db.query<Record<FunnelStep, number>>(
    `WITH j AS (
       SELECT j.*,
              EXISTS (SELECT 1 FROM winback_step_results s WHERE s.journey_id = j.id AND s.result = 'reached') AS was_reached,
              EXISTS (SELECT 1 FROM winback_step_results s WHERE s.journey_id = j.id AND s.result = 'reason_found') AS was_found,
              (j.released_at IS NOT NULL OR j.offered_at IS NOT NULL OR j.status = 'offer') AS was_released,
              EXISTS (SELECT 1 FROM winback_step_results s WHERE s.journey_id = j.id AND s.result = 'offer_made') AS was_offered
       FROM winback_journeys j
       WHERE ${RANGE('j.started_at', 1)} AND ($3::bigint IS NULL OR j.segment_id = $3))
     SELECT count(*)::int AS entered,
            count(*) FILTER (WHERE was_reached)::int AS reached,
            count(*) FILTER (WHERE was_reached AND was_found)::int AS reason_found,
            count(*) FILTER (WHERE was_reached AND was_found AND was_released)::int AS cause_eliminated,
            count(*) FILTER (WHERE was_reached AND was_found AND was_released AND was_offered)::int AS offer_made,
            count(*) FILTER (WHERE was_reached AND was_found AND was_released AND was_offered AND came_back_at IS NOT NULL)::int AS came_back
     FROM j`,
    [range.from, range.to, range.segmentId]);
  return FUNNEL_STEPS.map((step, i) => {
    const previous = i === 0 ? null : row![FUNNEL_STEPS[i - 1]!];
    return { step, count: row![step], conversion: previous ? row![step] / previous : null };
  });
}

export interface RevenueReport {
  days: number;
  /** Offers made in the period. */
  offers: number;
  /** Of them, offers whose N days have not yet passed: their figures can still grow. */
  windows_open: number;
  /** Customers with at least one order within N days of their offer. */
  customers_returned: number;
  by_currency: { currency: string; orders: number; revenue_minor: number }[];
}

/**
 * Revenue regained: every sale a customer placed within `days` days after their win-back offer
 * (not only the first, which the process correlates as "came back"), up to now, summed per
 * currency. Sales only: a later return of the same goods is the shop's returns report's business.
 */
export async function revenueReport(db: Db, clock: Clock, range: ReportRange, days: number): Promise<RevenueReport> {
  const offered = `SELECT j.id, j.customer_id, j.offered_at FROM winback_journeys j
     WHERE EXISTS (SELECT 1 FROM winback_step_results s WHERE s.journey_id = j.id AND s.result = 'offer_made')
       AND ${RANGE('j.offered_at', 1)} AND ($3::bigint IS NULL OR j.segment_id = $3)`;
  const [counts] = await db.query<{ offers: number; windows_open: number; customers_returned: number }>(
    `WITH offered AS (${offered})
     SELECT count(*)::int AS offers,
            count(*) FILTER (WHERE offered_at + make_interval(days => $4) > $5)::int AS windows_open,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = offered.customer_id AND o.kind = 'sale'
                                           AND o.ordered_at > offered.offered_at AND o.ordered_at <= least(offered.offered_at + make_interval(days => $4), $5)))::int AS customers_returned
     FROM offered`,
    [range.from, range.to, range.segmentId, days, clock.now()]);
  const byCurrency = await db.query<{ currency: string; orders: number; revenue_minor: string }>(
    `WITH offered AS (${offered})
     SELECT ol.currency, count(DISTINCT o.id)::int AS orders, sum(ol.quantity::bigint * ol.unit_price_minor)::bigint AS revenue_minor
     FROM offered
     JOIN orders o ON o.customer_id = offered.customer_id AND o.kind = 'sale'
                  AND o.ordered_at > offered.offered_at AND o.ordered_at <= least(offered.offered_at + make_interval(days => $4), $5)
     JOIN order_lines ol ON ol.order_id = o.id
     GROUP BY ol.currency ORDER BY sum(ol.quantity::bigint * ol.unit_price_minor) DESC, ol.currency`,
    [range.from, range.to, range.segmentId, days, clock.now()]);
  return { days, ...counts!, by_currency: byCurrency.map((r) => ({ ...r, revenue_minor: Number(r.revenue_minor) })) };
}

export interface UpliftGroup {
  entries: number;
  came_back: number;
  rate: number | null;
  /** Wilson 95 % interval of the rate; null for an empty group. */
  interval: Interval | null;
}

export interface UpliftRow {
  segment_id: number;
  segment_name: string;
  window_days: number;
  treated: UpliftGroup;
  control: UpliftGroup;
  /** Treated rate − control rate with Newcombe's 95 % interval; null when a group is empty. */
  uplift: ({ difference: number } & Interval) | null;
  /** `not_enough_data` when a group is empty: no number is made up for it. */
  note: 'not_enough_data' | null;
  /** Which group is empty, when one is. */
  empty_groups: ('treated' | 'control')[];
  /** Entries whose window has not yet passed: they may still come back. */
  windows_open: number;
}

/**
 * Uplift against the control group, per segment: of the entries in the period, the share that
 * came back — placed a sale within `windowDays` of entering — among the treated (every entry
 * not drawn for control, started or not: intent to treat) and the control group, which is never
 * contacted. "Came back" is read from the orders for both groups alike, because the control
 * group has no process to correlate an order to.
 */
export async function upliftReport(db: Db, clock: Clock, range: ReportRange, windowDays: number): Promise<UpliftRow[]> {
  const rows = await db.query<{ segment_id: number; segment_name: string; control: boolean; entries: number; came_back: number; windows_open: number }>(
    `SELECT s.id AS segment_id, s.name AS segment_name, e.control, count(*)::int AS entries,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = e.customer_id AND o.kind = 'sale'
                                           AND o.ordered_at > e.entered_at AND o.ordered_at <= least(e.entered_at + make_interval(days => $4), $5)))::int AS came_back,
            count(*) FILTER (WHERE e.entered_at + make_interval(days => $4) > $5)::int AS windows_open
     FROM winback_segment_entries e JOIN winback_segments s ON s.id = e.segment_id
     WHERE ${RANGE('e.entered_at', 1)} AND ($3::bigint IS NULL OR e.segment_id = $3)
     GROUP BY s.id, s.name, e.control ORDER BY s.id, e.control`,
    [range.from, range.to, range.segmentId, windowDays, clock.now()]);
  const segments = new Map<number, UpliftRow>();
  const empty = (): UpliftGroup => ({ entries: 0, came_back: 0, rate: null, interval: null });
  for (const r of rows) {
    const row = segments.get(r.segment_id) ?? { segment_id: Number(r.segment_id), segment_name: r.segment_name, window_days: windowDays, treated: empty(), control: empty(), uplift: null, note: null, empty_groups: [], windows_open: 0 };
    row[r.control ? 'control' : 'treated'] = { entries: r.entries, came_back: r.came_back, rate: r.came_back / r.entries, interval: wilsonInterval(r.came_back, r.entries) };
    row.windows_open += r.windows_open;
    segments.set(r.segment_id, row);
  }
  for (const row of segments.values()) {
    row.empty_groups = (['treated', 'control'] as const).filter((g) => row[g].entries === 0);
    if (row.empty_groups.length) row.note = 'not_enough_data';
    else row.uplift = newcombeDifference(row.treated.came_back, row.treated.entries, row.control.came_back, row.control.entries);
  }
  return [...segments.values()];
}

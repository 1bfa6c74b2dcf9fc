import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';

/** The start outcomes an entry can have (winback_segment_entries.start_status). */
export const START_STATUSES = ['none', 'pending', 'capped', 'started', 'control', 'reentry_blocked', 'left_before_start', 'failed'] as const;

export interface GroupOutcome {
  entries: number;
  ordered_again: number;
  rate: number | null;
  revenue_minor: number;
}

export interface SegmentReport {
  segment_id: number;
  window_days: number;
  as_of: Date;
  funnel: { entered: number; members_now: number; left: number; control_group: number; treatment_group: number } & Record<(typeof START_STATUSES)[number], number>;
  treatment: GroupOutcome;
  control: GroupOutcome;
  /** Treatment rate − control rate, with a 95 % confidence interval (normal approximation). */
  uplift: { difference: number; low: number; high: number } | null;
  uplift_note: 'no_control_group' | 'no_treated_entries' | 'small_groups' | null;
}

export interface EntryOutcome {
  entry_id: number;
  customer_id: number;
  external_id: string;
  version: number;
  trigger: string;
  entered_at: Date;
  left_at: Date | null;
  control: boolean;
  control_draw: number | null;
  start_status: string;
  start_note: string | null;
  instance_id: number | null;
  ordered_again: boolean;
  revenue_minor: number;
  currency: string | null;
}

/**
 * Every entry with its outcome: whether the customer ordered again within `windowDays` of
 * entering (sales only, up to the clock's now), and the revenue of those orders in the
 * customer's metrics currency (other currencies are left out, as in docs/winback-metrics.md).
 */
const ENTRY_OUTCOMES = `
SELECT e.id AS entry_id, e.customer_id, c.external_id, e.version, e.trigger, e.entered_at, e.left_at, e.control, e.control_draw,
       e.start_status, e.start_note, e.instance_id,
       coalesce(a.orders, 0) > 0 AS ordered_again, coalesce(a.revenue, 0)::bigint AS revenue_minor, m.currency
FROM winback_segment_entries e
JOIN customers c ON c.id = e.customer_id
LEFT JOIN customer_metrics m ON m.customer_id = e.customer_id
LEFT JOIN LATERAL (
  SELECT count(DISTINCT o.id) AS orders,
         sum(ol.quantity::bigint * ol.unit_price_minor) FILTER (WHERE o.currency = m.currency) AS revenue
  FROM orders o JOIN order_lines ol ON ol.order_id = o.id
  WHERE o.customer_id = e.customer_id AND o.kind = 'sale'
    AND o.ordered_at > e.entered_at AND o.ordered_at <= least(e.entered_at + make_interval(days => $2), $3)
) a ON true
WHERE e.segment_id = $1`;

export async function segmentEntryOutcomes(db: Db, clock: Clock, segmentId: number, windowDays: number): Promise<EntryOutcome[]> {
  const rows = await db.query<EntryOutcome>(`${ENTRY_OUTCOMES} ORDER BY e.id`, [segmentId, windowDays, clock.now()]);
  return rows.map((r) => ({ ...r, revenue_minor: Number(r.revenue_minor) }));
}

/** One page of entries, newest first (`current`: only those in the segment now), with the total. */
export async function segmentEntriesPage(db: Db, clock: Clock, segmentId: number, options: { windowDays: number; current: boolean; limit: number; offset: number }): Promise<{ items: EntryOutcome[]; total: number }> {
  const rows = await db.query<EntryOutcome>(
    `${ENTRY_OUTCOMES} AND ($4::boolean IS FALSE OR e.left_at IS NULL) ORDER BY e.id DESC LIMIT $5 OFFSET $6`,
    [segmentId, options.windowDays, clock.now(), options.current, options.limit, options.offset]);
  const [total] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM winback_segment_entries WHERE segment_id = $1 AND ($2::boolean IS FALSE OR left_at IS NULL)', [segmentId, options.current]);
  return { items: rows.map((r) => ({ ...r, revenue_minor: Number(r.revenue_minor) })), total: total!.n };
}

/**
 * The segment's funnel and the return it bought. Treatment is every entry not drawn for the
 * control group, started or not (intent to treat): comparing only the started ones with the
 * control would credit the process with whatever made the cap or the re-entry rule hold
 * someone back. "Ordered again" comes from the orders themselves, within the window.
 */
export async function segmentReport(db: Db, clock: Clock, segmentId: number, windowDays: number): Promise<SegmentReport> {
  const outcomes = await segmentEntryOutcomes(db, clock, segmentId, windowDays);
  const funnel = Object.fromEntries(START_STATUSES.map((s) => [s, 0])) as SegmentReport['funnel'];
  Object.assign(funnel, { entered: outcomes.length, members_now: 0, left: 0, control_group: 0, treatment_group: 0 });
  const group = (): GroupOutcome => ({ entries: 0, ordered_again: 0, rate: null, revenue_minor: 0 });
  const treatment = group();
  const control = group();
  for (const o of outcomes) {
    funnel[o.start_status as (typeof START_STATUSES)[number]]++;
    if (o.left_at) funnel.left++;
    else funnel.members_now++;
    const g = o.control ? control : treatment;
    if (o.control) funnel.control_group++;
    else funnel.treatment_group++;
    g.entries++;
    if (o.ordered_again) g.ordered_again++;
    g.revenue_minor += o.revenue_minor;
  }
  for (const g of [treatment, control]) g.rate = g.entries ? g.ordered_again / g.entries : null;
  let uplift: SegmentReport['uplift'] = null;
  let note: SegmentReport['uplift_note'] = null;
  if (!control.entries) note = 'no_control_group';
  else if (!treatment.entries) note = 'no_treated_entries';
  else {
    const pt = treatment.rate!;
    const pc = control.rate!;
    const se = Math.sqrt((pt * (1 - pt)) / treatment.entries + (pc * (1 - pc)) / control.entries);
    uplift = { difference: pt - pc, low: pt - pc - 1.96 * se, high: pt - pc + 1.96 * se };
    if (control.entries < 30 || treatment.entries < 30) note = 'small_groups';
  }
  return { segment_id: segmentId, window_days: windowDays, as_of: clock.now(), funnel, treatment, control, uplift, uplift_note: note };
}

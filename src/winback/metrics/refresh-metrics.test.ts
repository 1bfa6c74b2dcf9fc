import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { evaluateSegments } from '../segments/evaluate-segments.ts';
import { readDefinition } from '../segments/segment-definition.ts';
import { createSegment } from '../segments/segments.sql.ts';
import { loadOrders, onlineRetailInvoices } from '../test/purchases.ts';
import { recomputeCustomerMetrics, refreshChangedCustomerMetrics, type MetricRun } from './recompute-metrics.ts';

interface Row {
  external_id: string;
  as_of: string;
  last_purchase_on: string;
  purchase_days: number;
  recency_days: number;
  period_purchase_days: number;
  period_revenue_minor: number;
  currency: string;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  abc_class: string | null;
  p_alive: number | null;
  quiet_reason: string;
}

async function rows(db: Db): Promise<Map<string, Row>> {
  const list = await db.query<Row>(
    `SELECT c.external_id, m.as_of, m.last_purchase_on, m.purchase_days, m.recency_days, m.period_purchase_days, m.period_revenue_minor::float8 AS period_revenue_minor,
            m.currency, m.r_score, m.f_score, m.m_score, m.abc_class, m.p_alive, m.quiet_reason
     FROM customer_metrics m JOIN customers c ON c.id = m.customer_id`);
  return new Map(list.map((r) => [r.external_id, r]));
}

const dirty = async (db: Db) =>
  (await db.query<{ external_id: string }>('SELECT c.external_id FROM winback_dirty_customers d JOIN customers c ON c.id = d.customer_id ORDER BY 1')).map((r) => r.external_id);

/** The rule of docs/winback-metrics.md ("Between full recomputes"), computed from the full run's rows, not from its stored cut points. */
function scoreByCutPoints(base: Row[], value: (r: Row) => number, grade: (r: Row) => number | null, v: number, lowerIsBetter: boolean): number {
  let best = 1;
  for (const s of [2, 3, 4, 5]) {
    const holders = base.filter((r) => grade(r) === s).map(value);
    if (!holders.length) continue;
    const worst = lowerIsBetter ? Math.max(...holders) : Math.min(...holders);
    if (lowerIsBetter ? v <= worst : v >= worst) best = s;
  }
  return best;
}

describe('win-back metrics between full recomputes (issue 14 point 11, decision 053)', () => {
  let db: Db;
  let full: MetricRun;
  let base: Map<string, Row>;
  const AS_OF = new Date('2011-12-10T00:00:00Z');
  const LATER = new Date('2011-12-12T09:00:00Z');

  beforeAll(async () => {
    db = await openTestDb();
    await loadOrders(db, onlineRetailInvoices());
    full = await recomputeCustomerMetrics(db, { asOf: AS_OF, trigger: 'test' });
    base = await rows(db);
  }, 120_000);
  afterAll(async () => db.close());

  it('marks the customers whose orders are written, and a full recompute clears the marks of the orders it read', async () => {
    expect(full.scope).toBe('full');
    expect(await dirty(db)).toEqual([]);
    await loadOrders(db, [{ invoice: 'MARK-1', customer: '12347', at: '2011-12-11T10:00:00Z', valueMinor: 100 }]);
    expect(await dirty(db)).toEqual(['12347']);
    // Moving an order to another customer changes both.
    await db.query("UPDATE orders SET customer_id = (SELECT id FROM customers WHERE external_id = '12348') WHERE external_id = 'MARK-1'");
    expect(await dirty(db)).toEqual(['12347', '12348']);
    await db.query("DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE external_id = 'MARK-1')");
    await db.query("DELETE FROM orders WHERE external_id = 'MARK-1'");
    full = await recomputeCustomerMetrics(db, { asOf: AS_OF, trigger: 'test' });
    expect(await dirty(db)).toEqual([]);
    expect(await rows(db)).toEqual(base);
  });

  it('recomputes only the changed customers, scoring them against the last full recompute\'s cut points with its model', async () => {
    const quiet = [...base.values()].find((r) => r.quiet_reason === 'overdue_own_cycle' && r.purchase_days > 3)!;
    await loadOrders(db, [
      // A quiet repeat buyer comes back with a large order; a new customer buys for the first time.
      { invoice: 'NEW-1', customer: quiet.external_id, at: '2011-12-11T10:00:00Z', valueMinor: 5_000_00 },
      { invoice: 'NEW-2', customer: 'FIRST-TIMER', at: '2011-12-11T11:00:00Z', valueMinor: 20_00 },
      { invoice: 'NEW-3', customer: 'KRONOR', at: '2011-12-11T12:00:00Z', valueMinor: 900_00, currency: 'SEK' },
    ]);
    const refreshed = await refreshChangedCustomerMetrics(db, { asOf: LATER, trigger: 'import' });
    expect(refreshed.customerIds).toHaveLength(3);
    expect(refreshed.run).toMatchObject({ scope: 'customers', base_run_id: full.id, customers: 3, model_status: full.model_status, model_params: full.model_params });
    expect(await dirty(db)).toEqual([]);

    const after = await rows(db);
    // Everyone else's row is the full recompute's, untouched.
    for (const [id, row] of base) if (id !== quiet.external_id) expect(after.get(id), id).toEqual(row);
    const baseRows = [...base.values()];
    const back = after.get(quiet.external_id)!;
    expect(back).toMatchObject({ as_of: '2011-12-12', last_purchase_on: '2011-12-11', recency_days: 1, purchase_days: quiet.purchase_days + 1, quiet_reason: 'within_own_cycle' });
    expect(back.r_score).toBe(scoreByCutPoints(baseRows, (r) => r.recency_days, (r) => r.r_score, back.recency_days, true));
    expect(back.f_score).toBe(scoreByCutPoints(baseRows, (r) => r.period_purchase_days, (r) => r.f_score, back.period_purchase_days, false));
    expect(back.m_score).toBe(scoreByCutPoints(baseRows, (r) => r.period_revenue_minor, (r) => r.m_score, back.period_revenue_minor, false));
    const leastA = Math.min(...baseRows.filter((r) => r.abc_class === 'A').map((r) => r.period_revenue_minor));
    expect(back.period_revenue_minor).toBeGreaterThanOrEqual(leastA);
    expect(back.abc_class).toBe('A');
    // The model of the full run gives P(alive) to the changed customers too.
    expect(back.p_alive === null).toBe(full.model_status !== 'fitted');

    const first = after.get('FIRST-TIMER')!;
    expect(first).toMatchObject({ purchase_days: 1, recency_days: 1, r_score: 5, f_score: 1 });
    // A currency the full recompute did not see has no population to be graded in until the next one.
    expect(after.get('KRONOR')).toMatchObject({ currency: 'SEK', m_score: null, abc_class: null });
  });

  it('without a full recompute to score against, makes one; with nothing changed, does nothing', async () => {
    const fresh = await openTestDb();
    try {
      await loadOrders(fresh, [{ invoice: 'F-1', customer: 'A', at: '2011-12-01T10:00:00Z', valueMinor: 100 }]);
      const first = await refreshChangedCustomerMetrics(fresh, { asOf: AS_OF, trigger: 'import' });
      expect(first.run?.scope).toBe('full');
      expect(await refreshChangedCustomerMetrics(fresh, { asOf: AS_OF, trigger: 'import' })).toEqual({ customerIds: [], run: null });
    } finally {
      await fresh.close();
    }
  });

  it('re-evaluates segment membership of the changed customers only', async () => {
    const clock = new ManualClock(LATER);
    const segmentId = await createSegment(db, clock, systemActor, readDefinition({ name: 'Big spenders', filter_text: "abc_class = 'A'" }), 'seed');
    const [all] = await evaluateSegments(db, clock, { trigger: 'manual' });
    // A customer of class A is moved to class C behind the metrics' back: only a re-evaluation of them sees it.
    const [moved] = await db.query<{ customer_id: number }>("SELECT customer_id FROM customer_metrics WHERE abc_class = 'A' ORDER BY customer_id LIMIT 2");
    await db.query("UPDATE customer_metrics SET abc_class = 'C' WHERE customer_id IN (SELECT customer_id FROM customer_metrics WHERE abc_class = 'A' ORDER BY customer_id LIMIT 2)");
    const [some] = await evaluateSegments(db, clock, { trigger: 'import', segmentIds: [segmentId], customerIds: [moved!.customer_id] });
    expect(some).toMatchObject({ entered: 0, left: 1, members: all!.members - 1 });
    const [rest] = await evaluateSegments(db, clock, { trigger: 'schedule', segmentIds: [segmentId] });
    expect(rest).toMatchObject({ entered: 0, left: 1, members: all!.members - 2 });
  });
});

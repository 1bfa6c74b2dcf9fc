import type { Db } from '../../platform/db/database.ts';
import { expectedPurchases, fitBgNbd, medianTimeToNextPurchase, probabilityAlive, type BgNbdParams, type PurchaseHistory } from '../model/bg-nbd.ts';
import { CREATE_STAGE, CUT_POINTS, PURCHASE_HISTORIES, REFRESH_CUSTOMER_METRICS, REPLACE_CUSTOMER_METRICS, SHOP_TYPICAL_INTERVAL, WRITE_METRICS } from './recompute.sql.ts';
import { getWinbackSettings, type WinbackSettings } from './winback-settings.ts';

export interface MetricRun {
  id: number;
  as_of: string;
  started_at: Date;
  duration_ms: number;
  trigger: string;
  /** full: every customer, new cut points, the model fitted; customers: the dirty ones against `base_run_id` (decision 053). */
  scope: 'full' | 'customers';
  base_run_id: number | null;
  settings: Omit<WinbackSettings, 'updated_at' | 'updated_by'>;
  customers: number;
  model_status: 'fitted' | 'refused';
  model_reason: string | null;
  model_detail: string | null;
  model_params: BgNbdParams | null;
  model_log_likelihood: number | null;
  shop_typical_interval_days: number | null;
}

/** work_mem of the full recompute's transaction: its sorts over every order and line otherwise spill to disk. */
const FULL_RECOMPUTE_WORK_MEM = '128MB';
const RUN_COLUMNS = `id, as_of, started_at, duration_ms, trigger, scope, base_run_id, settings, customers, model_status, model_reason, model_detail,
  model_params, model_log_likelihood, shop_typical_interval_days::float8 AS shop_typical_interval_days`;

/**
 * The marks of customers whose orders changed (006-incremental-metrics.sql) that a run may
 * clear: those committed before the snapshot it took before reading the orders. A mark made
 * while the run works is newer than the snapshot and stays for the next run.
 */
const takeSnapshot = async (tx: Db) => (await tx.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot'))[0]!.snapshot;
const clearMarks = (tx: Db, snapshot: string, customerIds: number[] | null) =>
  tx.query(
    `DELETE FROM winback_dirty_customers WHERE pg_visible_in_snapshot(mark_xid, $1::pg_snapshot)
       AND ($2::bigint[] IS NULL OR customer_id = ANY($2::bigint[]))`,
    [snapshot, customerIds]);

/**
 * Recomputes every customer's purchase metrics as of `asOf`, fits the repeat-purchase model on
 * them, marks who has gone quiet and stores the cut points the incremental refresh scores
 * against — in one transaction, so readers see the old set or the new one, never half of each.
 * Clears the marks of every customer whose orders it read. Returns the run as recorded.
 */
export async function recomputeCustomerMetrics(db: Db, options: { asOf: Date; trigger: string }): Promise<MetricRun> {
  const started = Date.now();
  const asOfDay = options.asOf.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    const { updated_at: _at, updated_by: _by, ...settings } = await getWinbackSettings(tx);
    const snapshot = await takeSnapshot(tx);
    // The sorts and window functions over every order fit in memory instead of spilling to disk.
    await tx.query(`SET LOCAL work_mem = '${FULL_RECOMPUTE_WORK_MEM}'`);
    await tx.query(CREATE_STAGE);
    await tx.query(REPLACE_CUSTOMER_METRICS, [options.asOf, asOfDay, settings.period_days, settings.abc_a_share, settings.abc_b_share]);
    const [{ cut_points: cutPoints }] = (await tx.query<{ cut_points: unknown }>(CUT_POINTS)) as [{ cut_points: unknown }];

    const histories = await purchaseHistories(tx);
    const fit = fitBgNbd(histories);
    const [shop] = await tx.query<{ days: number | null }>(SHOP_TYPICAL_INTERVAL);
    const shopInterval = shop?.days ?? null;
    await tx.query('DELETE FROM customer_metrics');
    await writeMetrics(tx, fit.status === 'fitted' ? fit.params : null, histories, settings, shopInterval);
    // Segments read the new rows right after: the planner must know the table's new shape.
    await tx.query('ANALYZE customer_metrics');
    await clearMarks(tx, snapshot, null);

    const customers = histories.reduce((sum, h) => sum + (h.count ?? 1), 0);
    const [run] = await tx.query<MetricRun>(
      `INSERT INTO winback_metric_runs (as_of, started_at, duration_ms, trigger, settings, customers, model_status, model_reason, model_detail,
              model_params, model_log_likelihood, shop_typical_interval_days, scope, cut_points)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'full', $13)
       RETURNING ${RUN_COLUMNS}`,
      [
        asOfDay, options.asOf, Date.now() - started, options.trigger, JSON.stringify(settings), customers, fit.status,
        fit.status === 'refused' ? fit.reason : null, fit.status === 'refused' ? fit.detail : null,
        fit.status === 'fitted' ? JSON.stringify(fit.params) : null, fit.status === 'fitted' ? fit.logLikelihood : null, shopInterval,
        JSON.stringify(cutPoints),
      ],
    );
    return run!;
  });
}

export interface MetricRefresh {
  /** The customers whose metrics were recomputed (their segment membership is what may change). */
  customerIds: number[];
  run: MetricRun | null;
}

/**
 * Recomputes the metrics of the customers whose orders changed since their metrics were
 * computed (marked by triggers on orders and lines), set-based, without ranking the population
 * again: their RFM scores and ABC class are read off the cut points of the last full recompute,
 * their P(alive) from its fitted model, "quiet" against its shop cycle, with its settings
 * (decision 053). A new fit, new cut points and new settings wait for the next full recompute
 * (nightly, at start when stale, or "recompute now"). Without a full recompute to score against
 * it makes one. One transaction; a run row with scope 'customers' records it.
 */
export async function refreshChangedCustomerMetrics(db: Db, options: { asOf: Date; trigger: string }): Promise<MetricRefresh> {
  const started = Date.now();
  const asOfDay = options.asOf.toISOString().slice(0, 10);
  const [base] = await db.query<MetricRun & { cut_points: unknown }>(
    `SELECT ${RUN_COLUMNS}, cut_points FROM winback_metric_runs WHERE scope = 'full' AND cut_points IS NOT NULL ORDER BY id DESC LIMIT 1`);
  if (!base) {
    const [dirty] = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM winback_dirty_customers) AS any');
    if (!dirty?.any) return { customerIds: [], run: null };
    return { customerIds: [], run: await recomputeCustomerMetrics(db, options) };
  }
  return db.transaction(async (tx) => {
    const snapshot = await takeSnapshot(tx);
    const marked = await tx.query<{ customer_id: string | number }>(
      'SELECT customer_id FROM winback_dirty_customers WHERE pg_visible_in_snapshot(mark_xid, $1::pg_snapshot)', [snapshot]);
    const customerIds = marked.map((m) => Number(m.customer_id));
    if (customerIds.length === 0) return { customerIds, run: null };
    const settings = base.settings;
    await tx.query(CREATE_STAGE);
    await tx.query(REFRESH_CUSTOMER_METRICS, [options.asOf, asOfDay, settings.period_days, customerIds, JSON.stringify(base.cut_points)]);
    const histories = await purchaseHistories(tx);
    // A customer whose orders no longer make a purchase (all returned) has no metrics, as in a full recompute.
    await tx.query('DELETE FROM customer_metrics WHERE customer_id = ANY($1::bigint[])', [customerIds]);
    await writeMetrics(tx, base.model_params, histories, settings, base.shop_typical_interval_days);
    await clearMarks(tx, snapshot, customerIds);
    const [run] = await tx.query<MetricRun>(
      `INSERT INTO winback_metric_runs (as_of, started_at, duration_ms, trigger, settings, customers, model_status, model_reason, model_detail,
              model_params, model_log_likelihood, shop_typical_interval_days, scope, base_run_id)
       SELECT $1, $2, $3, $4, settings, $5, model_status, model_reason, model_detail, model_params, model_log_likelihood,
              shop_typical_interval_days, 'customers', id
         FROM winback_metric_runs WHERE id = $6
       RETURNING ${RUN_COLUMNS}`,
      [asOfDay, options.asOf, Date.now() - started, options.trigger, customerIds.length, base.id]);
    return { customerIds, run: run! };
  });
}

async function purchaseHistories(tx: Db): Promise<PurchaseHistory[]> {
  const groups = await tx.query<{ x: number; tx: number; t: number; customers: number }>(PURCHASE_HISTORIES);
  return groups.map((g) => ({ x: Number(g.x), tx: Number(g.tx), T: Number(g.t), count: Number(g.customers) }));
}

/**
 * The staged metrics into customer_metrics in one statement, with P(alive), expected purchases
 * and the next-purchase date of each distinct history (none when the model was refused) and the
 * quiet verdict.
 */
async function writeMetrics(tx: Db, params: BgNbdParams | null, histories: PurchaseHistory[], settings: MetricRun['settings'], shopInterval: number | null): Promise<void> {
  const rows = !params ? [] : histories.map((h) => ({
    x: h.x,
    tx: h.tx,
    t: h.T,
    p_alive: probabilityAlive(params, h),
    expected_purchases: expectedPurchases(params, h, settings.horizon_days),
    // Capped at a century: a date past it says nothing a person could act on.
    next_in_days: Math.min(36_500, Math.max(1, Math.round(medianTimeToNextPurchase(params, h)))),
  }));
  await tx.query(WRITE_METRICS, [JSON.stringify(rows), settings.quiet_cycles, settings.quiet_p_alive, shopInterval]);
}

/** The latest run (of either scope), or with `full` the latest full recompute. */
export async function latestMetricRun(db: Db, options: { full?: boolean } = {}): Promise<MetricRun | undefined> {
  const [run] = await db.query<MetricRun>(
    `SELECT ${RUN_COLUMNS} FROM winback_metric_runs ${options.full ? "WHERE scope = 'full'" : ''} ORDER BY id DESC LIMIT 1`);
  return run;
}

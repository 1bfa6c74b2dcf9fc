import type { Db } from '../../platform/db/database.ts';
import { expectedPurchases, fitBgNbd, medianTimeToNextPurchase, probabilityAlive, type BgNbdFit, type PurchaseHistory } from '../model/bg-nbd.ts';
import { CLASSIFY_CHURN_RISK, PURCHASE_HISTORIES, REPLACE_CUSTOMER_METRICS, SHOP_TYPICAL_INTERVAL, WRITE_PREDICTIONS } from './recompute.sql.ts';
import { getWinbackSettings, type WinbackSettings } from './winback-settings.ts';

export interface MetricRun {
  id: number;
  as_of: string;
  started_at: Date;
  duration_ms: number;
  trigger: string;
  settings: Omit<WinbackSettings, 'updated_at' | 'updated_by'>;
  customers: number;
  model_status: 'fitted' | 'refused';
  model_reason: string | null;
  model_detail: string | null;
  model_params: { r: number; alpha: number; a: number; b: number } | null;
  model_log_likelihood: number | null;
  shop_typical_interval_days: number | null;
}

const PREDICTION_BATCH = 5_000;

/**
 * Recomputes every customer's purchase metrics as of `asOf`, fits the repeat-purchase model on
 * them and marks who has gone quiet — in one transaction, so readers see the old set or the
 * new one, never half of each. Returns the run as recorded.
 */
export async function recomputeCustomerMetrics(db: Db, options: { asOf: Date; trigger: string }): Promise<MetricRun> {
  const started = Date.now();
  const asOfDay = options.asOf.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    const { updated_at: _at, updated_by: _by, ...settings } = await getWinbackSettings(tx);
    await tx.query('DELETE FROM customer_metrics');
    await tx.query(REPLACE_CUSTOMER_METRICS, [options.asOf, asOfDay, settings.period_days, settings.abc_a_share, settings.abc_b_share]);

    const groups = await tx.query<{ x: number; tx: number; t: number; customers: number }>(PURCHASE_HISTORIES);
    const histories: PurchaseHistory[] = groups.map((g) => ({ x: Number(g.x), tx: Number(g.tx), T: Number(g.t), count: Number(g.customers) }));
    const fit = fitBgNbd(histories);
    if (fit.status === 'fitted') await writePredictions(tx, fit, histories, settings.horizon_days);

    const [shop] = await tx.query<{ days: number | null }>(SHOP_TYPICAL_INTERVAL);
    const shopInterval = shop?.days ?? null;
    await tx.query(CLASSIFY_CHURN_RISK, [settings.quiet_cycles, settings.quiet_p_alive, shopInterval]);

    const customers = histories.reduce((sum, h) => sum + (h.count ?? 1), 0);
    const [run] = await tx.query<MetricRun>(
      `INSERT INTO winback_metric_runs (as_of, started_at, duration_ms, trigger, settings, customers, model_status, model_reason, model_detail,
              model_params, model_log_likelihood, shop_typical_interval_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING id, as_of, started_at, duration_ms, trigger, settings, customers, model_status, model_reason, model_detail, model_params,
                 model_log_likelihood, shop_typical_interval_days::float8 AS shop_typical_interval_days`,
      [
        asOfDay, options.asOf, Date.now() - started, options.trigger, JSON.stringify(settings), customers, fit.status,
        fit.status === 'refused' ? fit.reason : null, fit.status === 'refused' ? fit.detail : null,
        fit.status === 'fitted' ? JSON.stringify(fit.params) : null, fit.status === 'fitted' ? fit.logLikelihood : null, shopInterval,
      ],
    );
    return run!;
  });
}

/** P(alive), expected purchases and the next-purchase date for each distinct history, written set-based. */
async function writePredictions(tx: Db, fit: Extract<BgNbdFit, { status: 'fitted' }>, histories: PurchaseHistory[], horizonDays: number): Promise<void> {
  const rows = histories.map((h) => ({
    x: h.x,
    tx: h.tx,
    t: h.T,
    p_alive: probabilityAlive(fit.params, h),
    expected_purchases: expectedPurchases(fit.params, h, horizonDays),
    // Capped at a century: a date past it says nothing a person could act on.
    next_in_days: Math.min(36_500, Math.max(1, Math.round(medianTimeToNextPurchase(fit.params, h)))),
  }));
  for (let i = 0; i < rows.length; i += PREDICTION_BATCH) {
    await tx.query(WRITE_PREDICTIONS, [JSON.stringify(rows.slice(i, i + PREDICTION_BATCH))]);
  }
}

export async function latestMetricRun(db: Db): Promise<MetricRun | undefined> {
  const [run] = await db.query<MetricRun>(
    `SELECT id, as_of, started_at, duration_ms, trigger, settings, customers, model_status, model_reason, model_detail, model_params,
            model_log_likelihood, shop_typical_interval_days::float8 AS shop_typical_interval_days
     FROM winback_metric_runs ORDER BY id DESC LIMIT 1`);
  return run;
}

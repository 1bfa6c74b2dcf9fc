import type { Db } from '../../platform/db/database.ts';

/** One customer's purchase metrics as the API shows them (money in minor units of `currency`). */
export interface CustomerMetrics {
  as_of: string;
  first_purchase_on: string;
  last_purchase_on: string;
  purchase_days: number;
  tenure_days: number;
  recency_days: number;
  typical_interval_days: number | null;
  recency_ratio: number | null;
  currency: string;
  lifetime_revenue_minor: number;
  period_purchase_days: number;
  period_sales_minor: number;
  period_returns_minor: number;
  period_revenue_minor: number;
  other_currency_orders: number;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  abc_class: 'A' | 'B' | 'C' | null;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_next_purchase_on: string | null;
  churn_risk: 'active' | 'due' | 'quiet' | 'unknown';
  quiet: boolean;
  quiet_reason: string;
}

export async function customerMetrics(db: Db, customerId: number): Promise<CustomerMetrics | undefined> {
  const [row] = await db.query<CustomerMetrics>(
    `SELECT as_of, first_purchase_on, last_purchase_on, purchase_days, tenure_days, recency_days,
            typical_interval_days::float8 AS typical_interval_days, recency_ratio::float8 AS recency_ratio, currency,
            lifetime_revenue_minor, period_purchase_days, period_sales_minor, period_returns_minor, period_revenue_minor,
            other_currency_orders, r_score, f_score, m_score, abc_class, p_alive, expected_purchases, expected_next_purchase_on,
            churn_risk, quiet, quiet_reason
     FROM customer_metrics WHERE customer_id = $1`,
    [customerId],
  );
  return row && {
    ...row,
    lifetime_revenue_minor: Number(row.lifetime_revenue_minor),
    period_sales_minor: Number(row.period_sales_minor),
    period_returns_minor: Number(row.period_returns_minor),
    period_revenue_minor: Number(row.period_revenue_minor),
  };
}

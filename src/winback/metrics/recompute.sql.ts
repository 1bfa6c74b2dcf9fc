/**
 * The per-customer part of the metrics, up to `scored`: one row per customer with a purchase,
 * from `orderValues` (one row per order with a customer: its value in its own currency, on its
 * UTC day). Parameters: $1 the as-of moment (orders after it are not seen), $2 the as-of day
 * (UTC), $3 period_days.
 */
const perCustomerMetrics = (orderValues: string) => `
WITH order_values AS (${orderValues}),
day_currency AS (
  SELECT customer_id, day, currency, count(*) AS orders,
         coalesce(sum(value) FILTER (WHERE kind = 'sale'), 0) AS sales,
         coalesce(sum(value) FILTER (WHERE kind = 'return'), 0) AS returns
  FROM order_values GROUP BY customer_id, day, currency
),
with_currency AS (
  -- Money is counted in the currency of the customer's latest sale; other currencies are
  -- counted as orders left out, never converted at a guessed rate.
  SELECT d.*, first_value(currency) OVER (PARTITION BY customer_id ORDER BY sales > 0 DESC, day DESC, sales DESC, currency) AS main_currency
  FROM day_currency d
),
customer_days AS (
  -- A purchase day: the customer's sales that day exceed what they returned that day (a sale
  -- cancelled the same day is no purchase). Several orders on one day are one purchase.
  SELECT customer_id, day, min(main_currency) AS currency, bool_or(sales > returns) AS purchase,
         coalesce(sum(sales) FILTER (WHERE currency = main_currency), 0) AS sales,
         coalesce(sum(returns) FILTER (WHERE currency = main_currency), 0) AS returns,
         coalesce(sum(orders) FILTER (WHERE currency <> main_currency), 0) AS other_currency_orders
  FROM with_currency GROUP BY customer_id, day
),
with_gaps AS (
  SELECT c.*, CASE WHEN purchase THEN day - max(CASE WHEN purchase THEN day END)
                OVER (PARTITION BY customer_id ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END AS gap,
         day > $2::date - $3::int AS in_period
  FROM customer_days c
),
base AS (
  SELECT customer_id, min(currency) AS currency,
         min(day) FILTER (WHERE purchase) AS first_day, max(day) FILTER (WHERE purchase) AS last_day,
         count(*) FILTER (WHERE purchase)::int AS purchase_days,
         count(*) FILTER (WHERE purchase AND in_period)::int AS period_purchase_days,
         -- The customer's own cycle: the median gap between purchase days (null with one purchase day).
         percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::numeric AS typical_interval,
         greatest(sum(sales - returns), 0) AS lifetime_revenue,
         coalesce(sum(sales) FILTER (WHERE in_period), 0) AS period_sales,
         coalesce(sum(returns) FILTER (WHERE in_period), 0) AS period_returns,
         sum(other_currency_orders)::int AS other_currency_orders
  FROM with_gaps GROUP BY customer_id HAVING bool_or(purchase)
),
scored AS (
  SELECT b.*, $2::date - first_day AS tenure_days, $2::date - last_day AS recency_days,
         greatest(period_sales - period_returns, 0) AS period_revenue, period_purchase_days > 0 AS scored
  FROM base b
),
`;

/**
 * Where both recomputes put the metrics before the model's predictions and the quiet verdict
 * join them: a temporary table dropped at commit, so customer_metrics is written once per
 * customer (an UPDATE of a million rows per step costs as much as the insert).
 */
export const CREATE_STAGE = 'CREATE TEMP TABLE winback_metrics_stage (LIKE customer_metrics) ON COMMIT DROP';

/** The insert both recomputes end with, from a CTE `graded` that adds r_rank, f_rank, m_rank and abc to `scored`. */
const INSERT_METRICS = `
INSERT INTO winback_metrics_stage (
  customer_id, as_of, first_purchase_on, last_purchase_on, purchase_days, tenure_days, recency_days,
  typical_interval_days, recency_ratio, currency, lifetime_revenue_minor, period_purchase_days,
  period_sales_minor, period_returns_minor, period_revenue_minor, other_currency_orders,
  r_score, f_score, m_score, abc_class, churn_risk, quiet, quiet_reason)
SELECT customer_id, $2::date, first_day, last_day, purchase_days, tenure_days, recency_days,
       typical_interval, CASE WHEN typical_interval > 0 THEN round(recency_days / typical_interval, 4) END,
       currency, lifetime_revenue, period_purchase_days, period_sales, period_returns, period_revenue, other_currency_orders,
       CASE WHEN scored THEN r_rank END, CASE WHEN scored THEN f_rank END, CASE WHEN scored THEN m_rank END,
       abc,
       'unknown', false, 'not_evaluated'
FROM graded`;

/**
 * The purchase metrics of every customer in one INSERT … SELECT: no loop over customers, so
 * the database does the work in a few sorts and hash joins whatever the number of customers.
 * Parameters: $1 the as-of moment (orders after it are not seen), $2 the as-of day (UTC),
 * $3 period_days, $4 the A share, $5 the B share. Every convention here is explained in
 * docs/winback-metrics.md; the comments only point at which one.
 */
export const REPLACE_CUSTOMER_METRICS = `${perCustomerMetrics(`
  SELECT o.customer_id, o.kind, o.currency, (o.ordered_at AT TIME ZONE 'UTC')::date AS day,
         sum(ol.quantity::bigint * ol.unit_price_minor) AS value
  FROM orders o JOIN order_lines ol ON ol.order_id = o.id
  WHERE o.customer_id IS NOT NULL AND o.ordered_at <= $1
  GROUP BY o.id`)}
ranked AS (
  -- Scores 1–5: 1 + floor(5 × the share of scored customers strictly worse). Equal values
  -- share one score (rank() gives peers the rank of the first of them), unlike ntile().
  SELECT b.*,
         1 + floor(5.0 * (rank() OVER (PARTITION BY scored ORDER BY recency_days DESC) - 1) / count(*) OVER (PARTITION BY scored)) AS r_rank,
         1 + floor(5.0 * (rank() OVER (PARTITION BY scored ORDER BY period_purchase_days) - 1) / count(*) OVER (PARTITION BY scored)) AS f_rank,
         1 + floor(5.0 * (rank() OVER (PARTITION BY scored, currency ORDER BY period_revenue) - 1) / count(*) OVER (PARTITION BY scored, currency)) AS m_rank,
         -- ABC: the revenue of everyone strictly ahead: the running total, which counts equal
         -- revenues together, less those equal revenues; so equal revenues share a class.
         -- (A frame with EXCLUDE GROUP says the same but is quadratic: 6 s for 4,000 customers.)
         sum(period_revenue) OVER (PARTITION BY scored, currency ORDER BY period_revenue DESC)
           - sum(period_revenue) OVER (PARTITION BY scored, currency, period_revenue) AS revenue_ahead,
         sum(period_revenue) OVER (PARTITION BY scored, currency) AS revenue_total
  FROM scored b
),
graded AS (
  SELECT r.*, CASE WHEN NOT scored THEN NULL
                   WHEN revenue_ahead < $4::numeric * revenue_total THEN 'A'
                   WHEN revenue_ahead < $5::numeric * revenue_total THEN 'B'
                   ELSE 'C' END AS abc
  FROM ranked r
)
${INSERT_METRICS}`;

/**
 * The metrics of some customers (those whose orders changed since the last full recompute),
 * scored against the cut points that recompute stored instead of ranking the population again
 * (docs/winback-metrics.md, "Between full recomputes"; decision 053). $1–$3 as above, $4 the
 * customer ids, $5 the cut points ([{measure, currency, grade, bound}]). A score is the best
 * one whose worst holder the value equals or beats, 1 below all of them; money and ABC are
 * graded within the customer's currency, and a currency the full recompute did not see gets
 * no M score and no class until the next one.
 */
export const REFRESH_CUSTOMER_METRICS = `${perCustomerMetrics(`
  -- The same orders' values, summed per order through the lines' index: a hash join would read every line.
  SELECT o.customer_id, o.kind, o.currency, (o.ordered_at AT TIME ZONE 'UTC')::date AS day, v.value
  FROM orders o CROSS JOIN LATERAL (SELECT sum(ol.quantity::bigint * ol.unit_price_minor) AS value FROM order_lines ol WHERE ol.order_id = o.id) v
  WHERE o.customer_id = ANY($4::bigint[]) AND o.ordered_at <= $1 AND v.value IS NOT NULL`)}
cuts AS MATERIALIZED (
  SELECT * FROM jsonb_to_recordset($5::jsonb) AS c(measure text, currency text, grade text, bound numeric)
),
graded AS (
  SELECT b.*,
         coalesce((SELECT max(grade::int) FROM cuts WHERE measure = 'r' AND b.recency_days <= bound), 1) AS r_rank,
         coalesce((SELECT max(grade::int) FROM cuts WHERE measure = 'f' AND b.period_purchase_days >= bound), 1) AS f_rank,
         CASE WHEN EXISTS (SELECT 1 FROM cuts WHERE measure = 'm' AND currency = b.currency)
              THEN coalesce((SELECT max(grade::int) FROM cuts WHERE measure = 'm' AND currency = b.currency AND b.period_revenue >= bound), 1) END AS m_rank,
         CASE WHEN NOT scored THEN NULL
              ELSE (SELECT CASE WHEN bool_or(grade = 'A' AND b.period_revenue >= bound) THEN 'A'
                                WHEN bool_or(grade = 'B' AND b.period_revenue >= bound) THEN 'B'
                                WHEN count(*) > 0 THEN 'C' END
                    FROM cuts WHERE measure = 'abc' AND currency = b.currency) END AS abc
  FROM scored b
)
${INSERT_METRICS}`;

/**
 * The cut points of the metrics just recomputed: per score (and class), the worst value that
 * earned it — the largest recency with that R score, the fewest purchase days with that F score,
 * the least revenue with that M score or ABC class in its currency.
 */
export const CUT_POINTS = `
SELECT coalesce(jsonb_agg(c), '[]'::jsonb) AS cut_points FROM (
  SELECT 'r' AS measure, NULL AS currency, r_score::text AS grade, max(recency_days)::numeric AS bound FROM winback_metrics_stage WHERE r_score IS NOT NULL GROUP BY r_score
  UNION ALL
  SELECT 'f', NULL, f_score::text, min(period_purchase_days)::numeric FROM winback_metrics_stage WHERE f_score IS NOT NULL GROUP BY f_score
  UNION ALL
  SELECT 'm', currency, m_score::text, min(period_revenue_minor)::numeric FROM winback_metrics_stage WHERE m_score IS NOT NULL GROUP BY currency, m_score
  UNION ALL
  SELECT 'abc', currency, abc_class, min(period_revenue_minor)::numeric FROM winback_metrics_stage WHERE abc_class IS NOT NULL GROUP BY currency, abc_class
) c`;

/** The model's input, grouped: customers with the same (x, t_x, T) in days share one row. */
export const PURCHASE_HISTORIES = `
SELECT purchase_days - 1 AS x, last_purchase_on - first_purchase_on AS tx, tenure_days AS t, count(*)::int AS customers
FROM winback_metrics_stage GROUP BY 1, 2, 3`;

/** The shop's cycle: the median of the repeat buyers' own typical intervals (for one-time buyers). */
export const SHOP_TYPICAL_INTERVAL = `
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY typical_interval_days)::float8 AS days
FROM winback_metrics_stage WHERE typical_interval_days IS NOT NULL`;

/**
 * The staged metrics into customer_metrics, each with the model's predictions for its
 * (x, t_x, T) and the "gone quiet" verdict (decision 026). $1 the predictions
 * ([{x, tx, t, p_alive, expected_purchases, next_in_days}]; empty when the model was refused,
 * so P(alive) is null), $2 quiet_cycles, $3 the P(alive) threshold, $4 the shop's typical
 * interval (null without repeat buyers).
 * A repeat buyer is measured against their own cycle, never before a whole shop cycle has
 * passed (an own cycle read from one or two gaps is noisy); the model can bring the verdict
 * forward, from one own cycle, but never holds it back. A one-time buyer, whom the model
 * always calls alive, is measured against the shop's cycle.
 */
export const WRITE_METRICS = `
WITH predicted AS (
  SELECT s.customer_id, s.as_of, s.first_purchase_on, s.last_purchase_on, s.purchase_days, s.tenure_days, s.recency_days,
         s.typical_interval_days, s.recency_ratio, s.currency, s.lifetime_revenue_minor, s.period_purchase_days,
         s.period_sales_minor, s.period_returns_minor, s.period_revenue_minor, s.other_currency_orders,
         s.r_score, s.f_score, s.m_score, s.abc_class,
         p.p_alive, p.expected_purchases, s.as_of + p.next_in_days AS expected_next_purchase_on
  FROM winback_metrics_stage s
  LEFT JOIN jsonb_to_recordset($1::jsonb) AS p(x int, tx int, t int, p_alive float8, expected_purchases float8, next_in_days int)
    ON s.purchase_days - 1 = p.x AND s.last_purchase_on - s.first_purchase_on = p.tx AND s.tenure_days = p.t
),
verdict AS (
  SELECT m.*,
    CASE
      WHEN typical_interval_days IS NOT NULL THEN
        CASE WHEN recency_ratio < 1 THEN 'within_own_cycle'
             WHEN recency_days < coalesce($4::numeric, 0) THEN 'past_own_cycle'
             WHEN recency_ratio >= $2::numeric THEN 'overdue_own_cycle'
             WHEN p_alive < $3::float8 THEN 'past_own_cycle_unlikely_alive'
             ELSE 'past_own_cycle' END
      WHEN $4::numeric IS NULL THEN 'one_time_no_shop_cycle'
      WHEN recency_days < $4::numeric THEN 'one_time_within_shop_cycle'
      WHEN recency_days < $2::numeric * $4::numeric THEN 'one_time_past_shop_cycle'
      ELSE 'one_time_overdue'
    END AS reason
  FROM predicted m
)
INSERT INTO customer_metrics (
  customer_id, as_of, first_purchase_on, last_purchase_on, purchase_days, tenure_days, recency_days,
  typical_interval_days, recency_ratio, currency, lifetime_revenue_minor, period_purchase_days,
  period_sales_minor, period_returns_minor, period_revenue_minor, other_currency_orders,
  r_score, f_score, m_score, abc_class, p_alive, expected_purchases, expected_next_purchase_on, churn_risk, quiet, quiet_reason)
SELECT customer_id, as_of, first_purchase_on, last_purchase_on, purchase_days, tenure_days, recency_days,
       typical_interval_days, recency_ratio, currency, lifetime_revenue_minor, period_purchase_days,
       period_sales_minor, period_returns_minor, period_revenue_minor, other_currency_orders,
       r_score, f_score, m_score, abc_class, p_alive, expected_purchases, expected_next_purchase_on,
       CASE WHEN reason IN ('overdue_own_cycle', 'past_own_cycle_unlikely_alive', 'one_time_overdue') THEN 'quiet'
            WHEN reason IN ('past_own_cycle', 'one_time_past_shop_cycle') THEN 'due'
            WHEN reason = 'one_time_no_shop_cycle' THEN 'unknown'
            ELSE 'active' END,
       reason IN ('overdue_own_cycle', 'past_own_cycle_unlikely_alive', 'one_time_overdue'),
       reason
FROM verdict`;

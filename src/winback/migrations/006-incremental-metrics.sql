-- Win-back metrics after an import without a full recompute (issue 14, point 11; decision 053).
-- Orders and lines mark the customers they touch; the incremental refresh recomputes only those,
-- scoring them against the cut points the last full recompute stored.

-- A customer whose orders changed since their metrics were computed. `mark_xid` is the
-- transaction that marked them last: a refresh deletes only the marks visible in the snapshot it
-- took before reading the orders, so a mark committed while it runs stays for the next refresh.
CREATE TABLE winback_dirty_customers (
  customer_id  bigint PRIMARY KEY,
  mark_xid     xid8 NOT NULL
);

-- Statement-level triggers (one row per customer per statement, whatever the number of lines):
-- every writer of orders is covered — the importer, the API, tests — not only the import path.
-- An update marks the customer before and after, so an order moved to another customer counts for both.
CREATE FUNCTION winback_mark_order_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO winback_dirty_customers (customer_id, mark_xid)
    SELECT DISTINCT customer_id, pg_current_xact_id() FROM winback_new_orders WHERE customer_id IS NOT NULL
    ON CONFLICT (customer_id) DO UPDATE SET mark_xid = EXCLUDED.mark_xid;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO winback_dirty_customers (customer_id, mark_xid)
    SELECT DISTINCT customer_id, pg_current_xact_id() FROM winback_old_orders WHERE customer_id IS NOT NULL
    ON CONFLICT (customer_id) DO UPDATE SET mark_xid = EXCLUDED.mark_xid;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION winback_mark_line_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO winback_dirty_customers (customer_id, mark_xid)
    SELECT DISTINCT o.customer_id, pg_current_xact_id() FROM winback_new_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id IS NOT NULL
    ON CONFLICT (customer_id) DO UPDATE SET mark_xid = EXCLUDED.mark_xid;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO winback_dirty_customers (customer_id, mark_xid)
    SELECT DISTINCT o.customer_id, pg_current_xact_id() FROM winback_old_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id IS NOT NULL
    ON CONFLICT (customer_id) DO UPDATE SET mark_xid = EXCLUDED.mark_xid;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER winback_orders_inserted AFTER INSERT ON orders REFERENCING NEW TABLE AS winback_new_orders
  FOR EACH STATEMENT EXECUTE FUNCTION winback_mark_order_customers();
CREATE TRIGGER winback_orders_updated AFTER UPDATE ON orders REFERENCING OLD TABLE AS winback_old_orders NEW TABLE AS winback_new_orders
  FOR EACH STATEMENT EXECUTE FUNCTION winback_mark_order_customers();
CREATE TRIGGER winback_orders_deleted AFTER DELETE ON orders REFERENCING OLD TABLE AS winback_old_orders
  FOR EACH STATEMENT EXECUTE FUNCTION winback_mark_order_customers();
CREATE TRIGGER winback_lines_inserted AFTER INSERT ON order_lines REFERENCING NEW TABLE AS winback_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION winback_mark_line_customers();
CREATE TRIGGER winback_lines_updated AFTER UPDATE ON order_lines REFERENCING OLD TABLE AS winback_old_lines NEW TABLE AS winback_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION winback_mark_line_customers();
CREATE TRIGGER winback_lines_deleted AFTER DELETE ON order_lines REFERENCING OLD TABLE AS winback_old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION winback_mark_line_customers();

-- A run is 'full' (every customer, new cut points, the model fitted) or 'customers' (the dirty
-- ones, scored against the cut points and the model of `base_run_id`, the last full run).
ALTER TABLE winback_metric_runs
  ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('full', 'customers')),
  ADD COLUMN base_run_id bigint REFERENCES winback_metric_runs,
  -- [{measure: 'r'|'f'|'m'|'abc', currency, grade, bound}]: per score (or class) the worst value
  -- that earned it in this full run; see docs/winback-metrics.md, "Between full recomputes".
  ADD COLUMN cut_points jsonb;

-- Where a complaint's time goes, per step, in a complaints bench's scratch database kept with
-- BENCH_KEEP_DATABASE=1: psql <its url> -f bench/complaints/step-breakdown.sql (docs/decisions/055).
-- per-step waits (ms), p50/p95 over every complaint of the database (the warm-up ones included)
WITH steps AS (
  SELECT instance_id, 'call ' || activity_id AS step, created_at AS t0, finished_at AS t1 FROM engine_action_calls WHERE status = 'done'
  UNION ALL
  SELECT instance_id, 'task ' || activity_id, created_at, completed_at FROM engine_tasks WHERE status = 'completed' AND process_id = 'complaint'
), d AS (SELECT step, extract(epoch FROM t1 - t0) * 1000 AS ms FROM steps)
SELECT step, count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 0) AS p50, round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 0) AS p95, round(avg(ms)::numeric,0) AS avg
FROM d GROUP BY step ORDER BY min(step);
-- register -> resolved
SELECT count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))::numeric, 2) p50_s, round(avg(extract(epoch FROM resolved_at - created_at))::numeric,2) avg_s
FROM cases WHERE type = 'complaint' AND resolved_at IS NOT NULL;

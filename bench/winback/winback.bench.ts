import { IMPORTERS } from '../../src/data/import/entities/index.ts';
import type { SourceRecord } from '../../src/data/import/readers.ts';
import { runImport } from '../../src/data/import/run-import.ts';
import { deployFolder } from '../../src/engine/definitions/deploy-folder.ts';
import { runDueActionCalls } from '../../src/engine/index.ts';
import { systemActor } from '../../src/platform/audit/audit.ts';
import { ManualClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import type { AppContext } from '../../src/platform/http/context.ts';
import { startJobs } from '../../src/platform/jobs/jobs.ts';
import { evaluateSegments, recomputeCustomerMetrics, refreshChangedCustomerMetrics, startSegmentProcesses } from '../../src/winback/index.ts';
import { registerWinbackActions } from '../../src/winback/process/winback-actions.ts';
import { readDefinition } from '../../src/winback/segments/segment-definition.ts';
import { createSegment } from '../../src/winback/segments/segments.sql.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';

const CUSTOMERS = Number(process.env.BENCH_WINBACK_CUSTOMERS ?? 1_000_000);
const ORDER_LINES = Number(process.env.BENCH_WINBACK_LINES ?? 10_000_000);
const ENTRIES = Math.min(Number(process.env.BENCH_WINBACK_ENTRIES ?? 50_000), CUSTOMERS);
const NEW_LINES = 10_000;
/** Keep the generated data as a template database per size and run on a file copy of it (generating 10 M lines takes minutes). */
const KEEP_DATA = ['1', 'true', 'yes'].includes(process.env.BENCH_WINBACK_KEEP_DATA ?? '');
const GTIN = '04006381333931';
const NOW = new Date('2026-12-01T00:00:00Z');

const seconds = (from: number) => (performance.now() - from) / 1000;

/**
 * CUSTOMERS customers with ORDER_LINES lines over two years, two lines an order, generated
 * set-based: each customer has a buying cycle of their own (7–120 days) and a share of them
 * stopped buying somewhere in the second year, so metrics, the model and "quiet" have work.
 */
async function generate(db: Db) {
  const orders = Math.ceil(ORDER_LINES / 2);
  await db.exec(`
    INSERT INTO products (gtin, name) VALUES ('${GTIN}', 'Bench goods');
    INSERT INTO customers (external_id, name, email, language, country)
    SELECT 'WC' || g, 'Bench Customer ' || g, 'c' || g || '@bench.example', 'en', 'GB' FROM generate_series(1, ${CUSTOMERS}) AS g;
    INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
    SELECT 'WO' || g, c.first + (g::bigint * 7919) % c.n, 'online',
           timestamptz '${NOW.toISOString()}' - ((g::bigint * 104729) % 730) * interval '1 day' - (g % 86400) * interval '1 second', 'GBP'
    FROM generate_series(1, ${orders}) AS g, (SELECT min(id) AS first, count(*) AS n FROM customers) AS c;
    INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency)
    SELECT o.id, l, p.id, 1 + o.id % 3, 200 + (o.id * 31) % 5000, 'GBP'
    FROM orders o CROSS JOIN generate_series(1, 2) AS l CROSS JOIN (SELECT id FROM products WHERE gtin = '${GTIN}') p;
    ANALYZE;
  `);
}

/** The same metrics as one raw GROUP BY: first and last purchase, purchase days, revenue, per customer. */
const BASELINE_SQL = `
  CREATE TEMP TABLE baseline_metrics AS
  SELECT o.customer_id, min(o.ordered_at)::date AS first_day, max(o.ordered_at)::date AS last_day,
         count(DISTINCT o.ordered_at::date) AS purchase_days, sum(ol.quantity * ol.unit_price_minor) AS revenue
  FROM orders o JOIN order_lines ol ON ol.order_id = o.id WHERE o.customer_id IS NOT NULL GROUP BY o.customer_id`;

async function* records(rows: Record<string, string | number>[]): AsyncGenerator<SourceRecord> {
  let line = 1;
  for (const record of rows) yield { line: ++line, record };
}

/** The template database holding the generated data of this size, generated on first use. */
async function keptData(server: string): Promise<string> {
  const template = `rebound_bench_winback_data_${CUSTOMERS}_${ORDER_LINES}`;
  const admin = await openPostgres(server, 1);
  try {
    const [kept] = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [template]);
    if (kept!.n) {
      console.log(`  reusing the data generated in ${template} (drop it to generate again)`);
      return template;
    }
    await admin.exec(`DROP DATABASE IF EXISTS ${template}_partial`);
    await admin.exec(`CREATE DATABASE ${template}_partial`);
    const url = new URL(server);
    url.pathname = `/${template}_partial`;
    const gen = await openPostgres(url.toString(), 1);
    try {
      await migrate(gen);
      const started = performance.now();
      await generate(gen);
      console.log(`  ${CUSTOMERS.toLocaleString('en')} customers, ${ORDER_LINES.toLocaleString('en')} order lines generated in ${seconds(started).toFixed(1)} s into ${template} (kept: BENCH_WINBACK_KEEP_DATA)`);
    } finally {
      await gen.close();
    }
    await admin.exec(`ALTER DATABASE ${template}_partial RENAME TO ${template}`);
    return template;
  } finally {
    await admin.close();
  }
}

export async function benchWinback(): Promise<BenchFigure[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) throw new Error('the win-back benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://… (a fresh database is created beside it and dropped after)');
  const template = KEEP_DATA ? await keptData(server) : undefined;
  const scratch = await createScratchDatabase(server, 'winback_bench', template);
  const db = await openPostgres(scratch.url, 4);
  const figures: BenchFigure[] = [];
  const clock = new ManualClock(NOW);
  try {
    // On a copy of kept data this applies only the migrations added since it was generated.
    await migrate(db);
    let started = performance.now();
    if (!template) {
      await generate(db);
      console.log(`  ${CUSTOMERS.toLocaleString('en')} customers, ${ORDER_LINES.toLocaleString('en')} order lines generated in ${seconds(started).toFixed(1)} s`);
    }
    const returners = readDefinition({ name: 'Desired returners', filter_text: "quiet AND abc_class = 'A'" });
    await createSegment(db, clock, systemActor, returners);

    started = performance.now();
    await db.exec(BASELINE_SQL);
    const baseline = seconds(started);
    started = performance.now();
    const run = await recomputeCustomerMetrics(db, { asOf: NOW, trigger: 'bench' });
    const metrics = seconds(started);
    const [evaluated] = await evaluateSegments(db, clock, { trigger: 'manual' });
    const full = seconds(started);
    console.log(`  full recompute: metrics of ${run.customers.toLocaleString('en')} customers in ${metrics.toFixed(2)} s (model ${run.model_status}${run.model_reason ? `: ${run.model_reason}` : ""}), segments ${(full - metrics).toFixed(2)} s; "Desired returners" ${evaluated?.members} members`);
    figures.push({ name: `full recompute of metrics and segments, ${CUSTOMERS.toLocaleString('en')} customers / ${ORDER_LINES.toLocaleString('en')} lines (target < 30 s)`, value: full, unit: 's', baseline: 'one raw SQL GROUP BY of the same metrics', baselineValue: baseline });

    // 10,000 new lines through the importer, then what the import's job does (segments.job.ts,
    // evaluateAndWake): the metrics of the customers the lines touched, and their membership.
    clock.advance(3_600_000);
    const rows = Array.from({ length: NEW_LINES }, (_, i) => ({
      order_external_id: `WN${Math.floor(i / 2)}`, ordered_at: clock.now().toISOString(), channel: 'online', customer_external_id: `WC${1 + ((Math.floor(i / 2) * 7907) % CUSTOMERS)}`,
      line_no: 1 + (i % 2), gtin: GTIN, quantity: 1, unit_price_minor: 1_500, currency: 'GBP',
    }));
    started = performance.now();
    const imported = await runImport(db, IMPORTERS['order-lines'], records(rows), { actor: systemActor, source: 'bench', batchSize: 5000, now: clock.now() });
    const importSeconds = seconds(started);
    if (!imported.committed) throw new Error(`bench import refused: ${JSON.stringify(imported.errors[0])}`);
    started = performance.now();
    const refreshed = await refreshChangedCustomerMetrics(db, { asOf: clock.now(), trigger: 'import' });
    const refreshSeconds = seconds(started);
    const [afterImport] = await evaluateSegments(db, clock, { trigger: 'import', customerIds: refreshed.customerIds });
    const incremental = seconds(started);
    console.log(`  ${NEW_LINES.toLocaleString('en')} lines imported in ${importSeconds.toFixed(2)} s; metrics of the ${refreshed.customerIds.length.toLocaleString('en')} customers they touched in ${refreshSeconds.toFixed(2)} s (run scope ${refreshed.run?.scope}), their segment membership in ${(incremental - refreshSeconds).toFixed(2)} s: "Desired returners" ${afterImport?.entered} entered, ${afterImport?.left} left`);
    figures.push({ name: `update after importing ${NEW_LINES.toLocaleString('en')} lines (target < 1 s)`, value: incremental, unit: 's', baseline: 'full recompute above', baselineValue: full });

    // ENTRIES customers enter a segment bound to win-back: until every instance is started and its first task exists.
    const jobs = await startJobs(db, { supervise: false });
    const ctx: AppContext = { db, clock, jobs, config: loadConfig({ LOG_LEVEL: 'silent' }), signingKey: 'winback-bench-signing-key-'.padEnd(48, 'x') };
    try {
      await deployFolder(ctx);
      registerWinbackActions(ctx);
      await db.query(`UPDATE customers SET region = 'Bench entry' WHERE id IN (SELECT id FROM customers ORDER BY id LIMIT ${ENTRIES})`);
      await createSegment(db, clock, systemActor, readDefinition({ name: 'Bench entry', filter_text: "region = 'Bench entry'", process_id: 'win-back', reentry: 'once' }));
      started = performance.now();
      const [entry] = await evaluateSegments(db, clock, { trigger: 'manual', segmentIds: [(await db.query<{ id: number }>("SELECT id FROM winback_segments WHERE name = 'Bench entry'"))[0]!.id] });
      const summary = await startSegmentProcesses({ db, clock });
      console.log(`  ${summary.started.toLocaleString('en')} instances started in ${seconds(started).toFixed(1)} s; running their first service task…`);
      let tasks = 0;
      while (tasks < ENTRIES) {
        const moved = await runDueActionCalls({ db, clock });
        [{ n: tasks }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM engine_tasks WHERE activity_id = 'determineReason'") as [{ n: number }];
        if (moved === 0 && tasks < ENTRIES) throw new Error(`only ${tasks} of ${ENTRIES} first tasks exist and nothing moves`);
      }
      const entering = seconds(started);
      console.log(`  ${entry?.entered.toLocaleString('en')} entries, ${summary.started.toLocaleString('en')} instances started, ${tasks.toLocaleString('en')} first tasks in ${entering.toFixed(1)} s`);
      await db.exec('CREATE TEMP TABLE bare_rows (id bigint PRIMARY KEY, customer_id bigint NOT NULL, business_key text NOT NULL, created_at timestamptz NOT NULL)');
      started = performance.now();
      await db.query(`INSERT INTO bare_rows SELECT g, g, 'bench:' || g, now() FROM generate_series(1, ${ENTRIES}) AS g`);
      const bare = seconds(started);
      figures.push({ name: `${ENTRIES.toLocaleString('en')} customers entering a segment until every instance is started and its first task exists (target < 60 s)`, value: entering, unit: 's', baseline: `bare inserts of ${ENTRIES.toLocaleString('en')} rows`, baselineValue: bare });
    } finally {
      await jobs.stop();
    }
  } finally {
    await db.close();
    await scratch.drop();
  }
  return figures;
}

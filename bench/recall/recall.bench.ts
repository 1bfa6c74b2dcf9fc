import { systemActor } from '../../src/platform/audit/audit.ts';
import { createUser } from '../../src/platform/auth/users.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { seedDemoData } from '../../src/data/demo-seed.ts';
import { AFFECTED_LOTS_CTE } from '../../src/recall/affected.sql.ts';
import { CONSUMER_FACTS_SQL } from '../../src/recall/impact-preview.ts';
import { startInProcessApp } from '../in-process-app.ts';
import type { BenchFigure } from '../report.ts';

const CUSTOMERS = Number(process.env.BENCH_RECALL_CUSTOMERS ?? 1_000_000);
const ORDER_LINES = Number(process.env.BENCH_RECALL_LINES ?? 10_000_000);
/** Keep the generated data (a template database per size) and copy it for each run, instead of generating ~400 s each time. */
const KEEP_DATA = ['1', 'true', 'yes'].includes(process.env.BENCH_RECALL_KEEP_DATA ?? '');
const SHARE_OF_LOTS = 0.02;
const PASSWORD = 'bench password for the recall run';

const seconds = (from: number) => (performance.now() - from) / 1000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A company's purchase history at scale, generated set-based in the database: the demo's
 * catalogue, lots and stores, then CUSTOMERS customers (80 % with e-mail, 40 % with a phone,
 * consents as real lists have them) and ORDER_LINES store purchase lines, 70 % of them by an
 * identified loyalty customer, every line carrying its lot.
 */
async function generate(db: Db) {
  let started = performance.now();
  await seedDemoData(db, systemActor, { seed: 11, customers: 1, orders: 0 });
  await db.exec(`
    INSERT INTO customers (external_id, name, email, phone, language, time_zone, tier, country, customer_since)
    SELECT 'BC' || g, 'Bench Customer ' || g,
           CASE WHEN g % 10 < 8 THEN 'c' || g || '@bench.example' END,
           CASE WHEN g % 10 >= 6 THEN '+4670' || lpad(g::text, 7, '0') END,
           (ARRAY['en', 'ru', 'uk', 'sv'])[1 + g % 4], 'Europe/Stockholm',
           (ARRAY['standard', 'standard', 'standard', 'silver', 'gold', 'vip'])[1 + (g / 7) % 6], 'SE',
           date '2016-01-01' + (g % 3500)
    FROM generate_series(1, ${CUSTOMERS}) AS g;
    INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source)
    SELECT id, 'email', id % 10 <> 3, now(), 'bench' FROM customers WHERE email IS NOT NULL AND external_id LIKE 'BC%';
    INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source)
    SELECT id, 'sms', id % 10 <> 7, now(), 'bench' FROM customers WHERE phone IS NOT NULL AND external_id LIKE 'BC%';
  `);
  console.log(`  ${CUSTOMERS.toLocaleString('en')} customers with consents in ${seconds(started).toFixed(1)} s`);
  started = performance.now();
  const orders = Math.ceil(ORDER_LINES / 2);
  // Stores, lots and customers are picked by arithmetic on the row number over arrays, so
  // ten million lines are one INSERT … SELECT, not ten million lookups.
  await db.exec(`
    INSERT INTO orders (external_id, customer_id, location_id, channel, ordered_at, currency)
    SELECT 'BO' || g,
           CASE WHEN g % 10 < 7 THEN c.first + (g::bigint * 7919) % c.n END,
           s.ids[1 + g % cardinality(s.ids)],
           'store', now() - ((g % 400) || ' days')::interval, 'SEK'
    FROM generate_series(1, ${orders}) AS g,
         (SELECT array_agg(id ORDER BY id) AS ids FROM locations WHERE kind = 'store') AS s,
         (SELECT min(id) AS first, count(*) AS n FROM customers WHERE external_id LIKE 'BC%') AS c;
    INSERT INTO order_lines (order_id, line_no, product_id, lot_id, quantity, unit_price_minor, currency)
    SELECT o.id, x.line_no, l.products[k.i], l.ids[k.i], 1 + (o.id + x.line_no) % 3, 1500 + (l.ids[k.i] % 40) * 250, 'SEK'
    FROM orders o
    CROSS JOIN (VALUES (1), (2)) AS x(line_no)
    CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids, array_agg(product_id ORDER BY id) AS products FROM lots) AS l
    CROSS JOIN LATERAL (SELECT (1 + (o.id * 31 + x.line_no * 17) % cardinality(l.ids))::int AS i) AS k
    WHERE o.external_id LIKE 'BO%';
    ANALYZE;
  `);
  const [count] = await db.query<{ lines: number; lots: number }>('SELECT (SELECT count(*) FROM order_lines)::bigint AS lines, (SELECT count(*) FROM lots)::int AS lots');
  console.log(`  ${Number(count!.lines).toLocaleString('en')} order lines over ${count!.lots} lots in ${seconds(started).toFixed(1)} s`);
}

/**
 * Activation of a recall hitting 2 % of the lots on PostgreSQL, through the real API and the
 * real workers: (a) time until every affected lot is blocked, (b) time until every affected
 * consumer's personal notice, with their offer decided by the DMN policy, is in the outbox.
 * Each next to a raw-SQL baseline doing the same work in the same database in one statement.
 * Delivery from the outbox to an SMTP server is the comms benchmark's figure.
 *
 * Knobs: BENCH_RECALL_CUSTOMERS and BENCH_RECALL_LINES for a smaller population (e.g.
 * 100000 and 1000000 while iterating); BENCH_RECALL_KEEP_DATA=1 keeps the generated data as
 * a template database `rebound_bench_recall_data_<customers>_<lines>` and runs on a fresh
 * copy of it, so only the first run pays for the generation (~400 s at full size).
 */
export async function benchRecall(): Promise<BenchFigure[]> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('the recall benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://… (a database it may fill; a fresh one is created beside it)');
  const admin = await openPostgres(url, 1);
  const name = `rebound_bench_recall_${Date.now()}`;
  const urlOf = (database: string) => {
    const u = new URL(url);
    u.pathname = `/${database}`;
    return u.toString();
  };
  if (KEEP_DATA) {
    // The generated data is kept as a template database named after its size; each run works
    // on a file copy of it (seconds), so a run never sees an earlier run's recall or messages.
    const template = `rebound_bench_recall_data_${CUSTOMERS}_${ORDER_LINES}`;
    const [kept] = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [template]);
    if (!kept!.n) {
      await admin.exec(`CREATE DATABASE ${template}_partial`);
      const gen = await openPostgres(urlOf(`${template}_partial`), 2);
      try {
        await migrate(gen);
        console.log(`generating data in ${template} (kept for later runs: BENCH_RECALL_KEEP_DATA):`);
        await generate(gen);
      } finally {
        await gen.close();
      }
      await admin.exec(`ALTER DATABASE ${template}_partial RENAME TO ${template}`);
    } else {
      console.log(`reusing the data generated in ${template} (drop it to generate again)`);
    }
    const started = performance.now();
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
    console.log(`  copied to ${name} in ${seconds(started).toFixed(1)} s`);
  } else {
    await admin.exec(`CREATE DATABASE ${name}`);
  }
  const benchUrl = new URL(urlOf(name));
  const db = await openPostgres(benchUrl.toString(), 10);
  let stop = async () => {};
  try {
    // On a copy of kept data this applies only the migrations added since it was generated.
    await migrate(db);
    if (!KEEP_DATA) {
      console.log(`generating data in ${name}:`);
      await generate(db);
    }

    const inProcess = await startInProcessApp(db, benchUrl.toString(), 'bench-signing-key-'.padEnd(48, 'x'));
    const app = inProcess.app;
    stop = inProcess.stop;
    await createUser(db, systemActor, { email: 'quality@bench.example', name: 'Quality manager', password: PASSWORD, roles: ['manager'] });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'quality@bench.example', password: PASSWORD } });
    const cookie = `rebound_session=${login.cookies.find((c) => c.name === 'rebound_session')!.value}`;

    // Every 50th lot: 2 % of them, spread over the catalogue like a contaminated ingredient.
    const picked = await db.query<{ gtin: string; lot_code: string }>(
      `SELECT p.gtin, l.lot_code FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM lots) l JOIN products p ON p.id = l.product_id
       WHERE l.n % ${Math.round(1 / SHARE_OF_LOTS)} = 0 ORDER BY p.gtin, l.lot_code`);
    const byGtin = new Map<string, string[]>();
    for (const lot of picked) byGtin.set(lot.gtin, [...(byGtin.get(lot.gtin) ?? []), lot.lot_code]);
    const defined = await app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: { title: 'Bench recall', classification: 'I', reason: 'Contaminated ingredient from one supplier', instructions: { en: 'Do not use it; return it to any store.' }, scope: [...byGtin].map(([gtin, lots]) => ({ gtin, lots })) },
    });
    if (defined.statusCode !== 201) throw new Error(`define: ${defined.body}`);
    const recall = defined.json() as { id: number; reference: string };
    const [affected] = await db.query<{ consumers: number; lines: number }>(
      `SELECT count(DISTINCT customer_id)::int AS consumers, count(*)::int AS lines FROM (${CONSUMER_FACTS_SQL}) f`, [recall.id]);
    console.log(`recall ${recall.reference}: ${picked.length} lots (2 %), ${affected!.consumers.toLocaleString('en')} identified consumers`);

    // Baselines: the same work as raw SQL, each in one statement, before the real run.
    let started = performance.now();
    await db.query(`CREATE TABLE bench_raw_blocks AS WITH ${AFFECTED_LOTS_CTE} SELECT $1::bigint AS recall_id, product_id, id AS lot_id, now() AS blocked_at FROM affected_lots`, [recall.id]);
    const rawBlockSeconds = seconds(started);
    started = performance.now();
    await db.query(
      `CREATE TABLE bench_raw_notices AS
       WITH f AS (${CONSUMER_FACTS_SQL}),
       offers AS (
         SELECT f.*, CASE WHEN f.tier IN ('vip', 'gold') OR f.units >= 5 THEN 'voucher' ELSE 'refund' END AS offer_type,
                f.amount_minor * CASE f.tier WHEN 'vip' THEN 200 WHEN 'gold' THEN 150 ELSE 100 END / 100 AS value_minor
         FROM f)
       SELECT o.customer_id, CASE WHEN cu.email IS NOT NULL AND coalesce(ce.granted, true) THEN 'email' ELSE 'sms' END AS channel,
              'Dear ' || cu.name || ', the product you bought is recalled. Your compensation: a ' || o.offer_type || ' of ' || o.value_minor || ' ' || o.currency AS body
       FROM offers o JOIN customers cu ON cu.id = o.customer_id
       LEFT JOIN customer_consents ce ON ce.customer_id = o.customer_id AND ce.channel = 'email'
       LEFT JOIN customer_consents cs ON cs.customer_id = o.customer_id AND cs.channel = 'sms'
       WHERE (cu.email IS NOT NULL AND coalesce(ce.granted, true)) OR (cu.phone IS NOT NULL AND coalesce(cs.granted, true))`,
      [recall.id],
    );
    const rawNoticeSeconds = seconds(started);

    // The real thing: activate through the API; the recall process runs on the app's workers.
    started = performance.now();
    const activated = await app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } });
    if (activated.statusCode !== 200) throw new Error(`activate: ${activated.body}`);
    const activation = activated.json() as { blocked: { lots: number }; blocked_in_ms: number; instanceId: number };
    if (activation.blocked.lots !== picked.length) throw new Error(`blocked ${activation.blocked.lots} lots, expected ${picked.length}`);
    const blockedSeconds = activation.blocked_in_ms / 1000;
    for (;;) {
      const [call] = await db.query<{ status: string; last_error: string | null }>(
        `SELECT status, last_error FROM engine_action_calls WHERE instance_id = $1 AND action = 'recall.notifyConsumers'`, [activation.instanceId]);
      if (call?.status === 'done') break;
      if (call?.status === 'incident') throw new Error(`notifyConsumers failed: ${call.last_error}`);
      if (seconds(started) > 900) throw new Error('notices not in the outbox after 15 minutes');
      await sleep(100);
    }
    const noticesSeconds = seconds(started);
    // Where the time went: each step of the recall process, from activation.
    const steps = await db.query<{ action: string; created_s: number; finished_s: number | null }>(
      `SELECT c.action, extract(epoch FROM c.created_at - r.activated_at)::float8 AS created_s, extract(epoch FROM c.finished_at - r.activated_at)::float8 AS finished_s
       FROM engine_action_calls c JOIN recalls r ON r.id = $2 WHERE c.instance_id = $1 ORDER BY c.id`, [activation.instanceId, recall.id]);
    for (const step of steps) console.log(`  ${step.action.padEnd(24)} called at ${step.created_s.toFixed(1)} s, done at ${step.finished_s === null ? '-' : `${step.finished_s.toFixed(1)} s`}`);
    const [outbox] = await db.query<{ messages: number; with_offer: number; raw: number }>(
      `SELECT count(*)::int AS messages, count(*) FILTER (WHERE variables->>'offer' <> '')::int AS with_offer, (SELECT count(*)::int FROM bench_raw_notices) AS raw
       FROM comms_messages WHERE campaign = $1 AND status <> 'suppressed'`, [`recall:${recall.reference}`]);
    console.log(`activation: lots blocked in ${blockedSeconds.toFixed(3)} s (raw ${rawBlockSeconds.toFixed(3)} s); ${outbox!.messages.toLocaleString('en')} personal notices (${outbox!.with_offer.toLocaleString('en')} with an offer; raw SQL made ${outbox!.raw.toLocaleString('en')}) in the outbox after ${noticesSeconds.toFixed(1)} s (raw ${rawNoticeSeconds.toFixed(1)} s). Targets: (a) < 1 s, (b) < 60 s.`);
    return [
      { name: '(a) activation → every affected lot blocked', value: blockedSeconds, unit: 's', baseline: 'raw SQL: one INSERT … SELECT of the blocks', baselineValue: rawBlockSeconds, higherIsBetter: false },
      { name: '(b) activation → every personal notice with its offer in the outbox', value: noticesSeconds, unit: 's', baseline: 'raw SQL: one statement computing offers by CASE and notice texts', baselineValue: rawNoticeSeconds, higherIsBetter: false },
    ];
  } finally {
    await stop();
    await db.close();
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { easyPostSignature } from '../../src/delivery/sources/webhook-signatures.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';
import { startServer } from '../server.ts';
import { openLoop, type LoadRequest, type LoadResult } from '../open-loop.ts';

const RATE = Number(process.env.DELIVERY_BENCH_WEBHOOK_RATE ?? 2000);
const SECONDS = Number(process.env.DELIVERY_BENCH_WEBHOOK_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.DELIVERY_BENCH_WARM_UP_SECONDS ?? 3);
/** Shipments the webhooks are about: each gets a webhook every SHIPMENTS / RATE seconds. */
const SHIPMENTS = Number(process.env.DELIVERY_BENCH_WEBHOOK_SHIPMENTS ?? 10_000);
const SOURCE = 'bench-easypost';
const SECRET = randomBytes(24).toString('base64url');
const DAY_MS = 86_400_000;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The EasyPost `tracker.updated` for webhook `i`: shipment k = i mod SHIPMENTS gets its
 * (j + 1)-th webhook, j = i div SHIPMENTS, carrying its whole history as EasyPost sends it
 * (j + 1 scans, so j of them duplicates for deduplication to drop and one new). Every 20th
 * shipment's second scan is a failure (the exception rule), every 10th's estimate moves two
 * days past its promise (estimate beyond promise); every 10th was promised yesterday (past
 * promise). So most webhooks store one event and re-evaluate a shipment that stays on time;
 * some make it late, which groups it, tries the carrier tripwire and queues the customer's notice.
 */
function webhookBody(i: number, shippedAtMs: number, todayMs: number): Buffer {
  const k = i % SHIPMENTS;
  const j = Math.floor(i / SHIPMENTS);
  const promisedMs = todayMs + (k % 10 === 2 ? -1 : 2) * DAY_MS;
  const details = Array.from({ length: j + 1 }, (_, m) => ({
    object: 'TrackingDetail',
    status: k % 20 === 0 && m === 1 ? 'failure' : 'in_transit',
    status_detail: k % 20 === 0 && m === 1 ? 'address_not_found' : 'arrived_at_facility',
    datetime: new Date(shippedAtMs + (m + 1) * 3_600_000).toISOString(),
    message: `Scan ${m + 1}`,
    tracking_location: { city: 'Malmö', country: 'SE' },
  }));
  return Buffer.from(JSON.stringify({
    object: 'Event', id: `evt_${i}`, description: 'tracker.updated', mode: 'production', created_at: new Date().toISOString(),
    result: {
      object: 'Tracker', id: `trk_${k}`, tracking_code: `WB${k}`, carrier: 'USPS', status: details.at(-1)!.status,
      est_delivery_date: `${day(promisedMs + (k % 10 === 1 ? 2 * DAY_MS : 0))}T00:00:00Z`, tracking_details: details,
    },
  }));
}

const describe = (name: string, r: LoadResult) =>
  `${name}: ${r.requests} requests, ${r.failed} failed, offered ${r.offeredRate}/s, answered ${r.answeredRate}/s, latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, send lag p99 ${r.sendLagP99} ms`;

/**
 * Issue 15.11 (1): correctly signed EasyPost webhooks posted to the running server (as
 * `npm start` runs it, on a scratch PostgreSQL database) at RATE per second, open-loop,
 * each stored and evaluated (ingest, detection for its shipment, grouping, tripwire,
 * notices) before it is answered; next to GET /health at the same rate in the same run.
 */
export async function benchDeliveryWebhooks(serverUrl: string): Promise<BenchFigure[]> {
  const scratch = await createScratchDatabase(serverUrl, 'rebound_bench_delivery_webhooks');
  const password = randomBytes(18).toString('base64url');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const db = new pg.Client({ connectionString: scratch.url });
  try {
    server = await startServer({ DATABASE_URL: scratch.url, REBOUND_DEMO: 'false', REBOUND_ADMIN_PASSWORD: password });
    await db.connect();
    const todayMs = Date.parse(`${day(Date.now())}T00:00:00Z`);
    const shippedAtMs = todayMs - 2 * DAY_MS;
    await db.query(
      `INSERT INTO customers (external_id, name, email, country, language)
       SELECT 'WBC' || g, 'Webhook customer ' || g, 'wbc' || g || '@example.com', 'SE', 'sv' FROM generate_series(0, $1::int - 1) g`,
      [SHIPMENTS]);
    await db.query(
      `INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
       SELECT 'WBO' || g, c.id, 'online', $2::timestamptz - interval '1 day', 'EUR' FROM generate_series(0, $1::int - 1) g JOIN customers c ON c.external_id = 'WBC' || g`,
      [SHIPMENTS, new Date(shippedAtMs)]);
    await db.query(
      `INSERT INTO shipments (external_id, order_id, carrier, tracking_number, status, shipped_at, promised_on, estimated_delivery_on, destination_country)
       SELECT 'WBS' || g, o.id, 'USPS', 'WB' || g, 'shipped', $2, $3::date + CASE WHEN g % 10 = 2 THEN -1 ELSE 2 END, $3::date + CASE WHEN g % 10 = 2 THEN -1 ELSE 2 END, 'SE'
       FROM generate_series(0, $1::int - 1) g JOIN orders o ON o.external_id = 'WBO' || g`,
      [SHIPMENTS, new Date(shippedAtMs), day(todayMs)]);
    await db.query('ANALYZE');

    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@rebound.local', password }) });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const source = await fetch(`${server.url}/api/delivery/sources/${SOURCE}`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'easypost', secret: SECRET }) });
    if (!source.ok) throw new Error(`source: ${source.status} ${await source.text()}`);

    // Signed before the run, so the load generator spends its time sending, not hashing.
    const total = Math.round(RATE * (SECONDS + WARM_UP_SECONDS));
    const webhooks: LoadRequest[] = Array.from({ length: total }, (_, i) => {
      const body = webhookBody(i, shippedAtMs, todayMs);
      return { method: 'POST', path: `/api/delivery/webhooks/${SOURCE}`, headers: { 'content-type': 'application/json', 'x-hmac-signature': easyPostSignature(SECRET, body) }, body };
    });
    const options = { rate: RATE, seconds: SECONDS, warmUpSeconds: WARM_UP_SECONDS };
    const loadBefore = loadavg();
    const health = await openLoop(server.url, () => ({ method: 'GET', path: '/health' }), options);
    const ingest = await openLoop(server.url, (i) => webhooks[i]!, options);
    const loadAfter = loadavg();

    const [stored] = (await db.query<{ events: number; shipments: number; late: number; notices: number }>(
      `SELECT (SELECT count(*)::int FROM delivery_events) AS events, (SELECT count(DISTINCT shipment_id)::int FROM delivery_events) AS shipments,
              (SELECT count(*)::int FROM delivery_delays WHERE resolved_at IS NULL) AS late,
              (SELECT count(*)::int FROM comms_messages) AS notices`)).rows;
    console.log(`webhooks: ${SHIPMENTS.toLocaleString('en')} shipments, ${total.toLocaleString('en')} signed EasyPost webhooks (${WARM_UP_SECONDS} s of them warm-up) at ${RATE}/s, open-loop; the server on PostgreSQL (scratch database); load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
    console.log(`  ${describe('GET /health', health)}`);
    console.log(`  ${describe(`POST /api/delivery/webhooks/${SOURCE}`, ingest)}`);
    console.log(`  stored: ${stored!.events} events over ${stored!.shipments} shipments (one new per webhook, the rest of each history deduplicated), ${stored!.late} late, ${stored!.notices} messages in the outbox`);
    if (ingest.failed) console.log(`  first failure: ${ingest.firstFailure}`);
    if (stored!.events !== total) console.log(`  NOTE: ${total - stored!.events} webhooks stored no event`);
    return [
      { name: `carrier webhooks answered, offered ${RATE}/s for ${SECONDS} s (each stored and evaluated)`, value: ingest.answeredRate, unit: '/s', baseline: `GET /health offered ${RATE}/s`, baselineValue: health.answeredRate, higherIsBetter: true },
      { name: `carrier webhook latency p99 at ${RATE}/s`, value: ingest.p99, unit: 'ms', baseline: `GET /health p99 at ${RATE}/s`, baselineValue: health.p99, higherIsBetter: false },
      { name: `carrier webhook latency p50 at ${RATE}/s`, value: ingest.p50, unit: 'ms', baseline: `GET /health p50 at ${RATE}/s`, baselineValue: health.p50, higherIsBetter: false },
    ];
  } finally {
    await db.end().catch(() => undefined);
    await server?.stop();
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('delivery webhooks', await benchDeliveryWebhooks(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres'));
}

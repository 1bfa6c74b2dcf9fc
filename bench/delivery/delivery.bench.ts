import { detectDelays } from '../../src/delivery/detection/detect-delays.ts';
import { measurePredictions } from '../../src/delivery/prediction/predict-delivery.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';
import { benchDeliveryIncident } from './incident.bench.ts';
import { benchDeliveryWebhooks } from './webhooks.bench.ts';

/** The target is 1 M shipments; on a shared 2-core machine the default is smaller (DELIVERY_BENCH_SHIPMENTS). */
const SHIPMENTS = Number(process.env.DELIVERY_BENCH_SHIPMENTS ?? 100_000);
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres';
const NOW = new Date('2026-11-18T11:00:00Z');
/** Which parts run (all by default): `webhooks`, `sweep` (with the prediction's accuracy), `incident`. */
const PARTS = new Set((process.env.DELIVERY_BENCH_PARTS ?? 'webhooks,sweep,incident').split(',').map((p) => p.trim()));

const seconds = (from: number) => (performance.now() - from) / 1000;

/**
 * Delivery (issue 15.11): carrier webhooks per second against the running server
 * (webhooks.bench.ts), the detection sweep, and an incident of 50,000 delayed orders until
 * every notice is in the outbox (incident.bench.ts), each on its own scratch database.
 */
export async function benchDelivery(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  if (PARTS.has('webhooks')) figures.push(...await benchDeliveryWebhooks(SERVER));
  if (PARTS.has('sweep')) figures.push(...await benchDetectionSweep());
  if (PARTS.has('incident')) figures.push(...await benchDeliveryIncident(SERVER));
  return figures;
}

/**
 * The detection sweep over SHIPMENTS open and delivered
 * shipments on PostgreSQL, next to one raw SQL statement selecting the same late shipments
 * (past the promise and not delivered, no calendar, no rules, no writes); and the predicted
 * delivery's mean absolute error on the held-out last quarter of the history, next to the
 * carriers' own estimates.
 */
async function benchDetectionSweep(): Promise<BenchFigure[]> {
  const scratch = await createScratchDatabase(SERVER, 'rebound_bench_delivery');
  const db = await openPostgres(scratch.url, 4);
  try {
    await migrate(db);
    let started = performance.now();
    // A fifth delivered 120 to 10 days ago (the history), the rest on their way: some past their
    // promise, some exceptions, some silent; in six countries, four carriers, two services.
    await db.exec(`
      INSERT INTO customers (external_id, name, email, country)
      SELECT 'C' || g, 'Customer ' || g, 'c' || g || '@example.com', (ARRAY['SE','RU','UA','GB','DE','US'])[1 + g % 6] FROM generate_series(1, ${Math.max(1, Math.floor(SHIPMENTS / 10))}) g;
      INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
      SELECT 'O' || g, 1 + g % ${Math.max(1, Math.floor(SHIPMENTS / 10))}, 'online', '2026-07-01'::timestamptz + (g % 140) * interval '1 day', 'EUR' FROM generate_series(1, ${SHIPMENTS}) g;
      INSERT INTO shipments (external_id, order_id, carrier, tracking_number, status, shipped_at, promised_on, estimated_delivery_on, original_estimated_delivery_on,
                             delivered_at, service, warehouse, destination_country, delivery_status, first_scan_at, last_scan_at)
      SELECT 'S' || g, g, (ARRAY['Strela Express','Nordpaket','Parcelwing','Lakeline Parcel'])[1 + g % 4], 'T' || g,
             CASE WHEN g % 5 = 0 THEN 'delivered' ELSE 'in_transit' END, x.shipped, (x.shipped + interval '3 days')::date, (x.shipped + interval '2 days')::date, (x.shipped + interval '2 days')::date,
             CASE WHEN g % 5 = 0 THEN x.shipped + (2 + g % 4 + (g % 7 = 0)::int * 3) * interval '1 day' END,
             (ARRAY['standard','express'])[1 + g % 2], (ARRAY['north','south'])[1 + g % 2], (ARRAY['SE','RU','UA','GB','DE','US'])[1 + g % 6],
             CASE WHEN g % 5 = 0 THEN 'delivered' WHEN g % 97 = 0 THEN 'exception' ELSE 'in_transit' END,
             x.shipped + interval '5 hours', x.shipped + (g % 9) * interval '1 day'
      FROM generate_series(1, ${SHIPMENTS}) g
      CROSS JOIN LATERAL (SELECT CASE WHEN g % 5 = 0 THEN '2026-07-20'::timestamptz + (g % 120) * interval '1 day'
                                      ELSE '2026-11-18T11:00:00Z'::timestamptz - (g % 12) * interval '1 day' END AS shipped) x;
      ANALYZE;`);
    console.log(`generated ${SHIPMENTS.toLocaleString('en')} shipments in ${seconds(started).toFixed(1)} s (the issue's size is 1,000,000; this shared machine runs a smaller one)`);

    started = performance.now();
    const [raw] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT s.id FROM shipments s WHERE s.delivered_at IS NULL AND s.promised_on < $1::date) late`, ['2026-11-18']);
    const rawSeconds = seconds(started);
    // The first sweep writes the calendars and every delay record; the second is the steady state.
    started = performance.now();
    const first = await detectDelays(db, NOW);
    const firstSeconds = seconds(started);
    started = performance.now();
    const again = await detectDelays(db, NOW);
    const sweepSeconds = seconds(started);
    console.log(`raw SQL: ${raw!.n} past their promise in ${rawSeconds.toFixed(2)} s; sweep: ${first.evaluated} evaluated, ${first.late} late (${first.newlyLate.length} new) in ${firstSeconds.toFixed(2)} s, again (${again.late} late) in ${sweepSeconds.toFixed(2)} s`);

    started = performance.now();
    const accuracy = await measurePredictions(db, new Date('2026-10-20T00:00:00Z'), { historyFrom: new Date('2026-07-01T00:00:00Z'), until: new Date('2026-11-18T00:00:00Z') });
    console.log(`predicted delivery on ${accuracy.shipments} held-out shipments (${accuracy.without_history} without history): MAE ${accuracy.mae_days?.toFixed(2)} days, carriers' own estimate ${accuracy.carrier_mae_days?.toFixed(2)} days, ${((accuracy.within_range ?? 0) * 100).toFixed(0)} % inside the range (${seconds(started).toFixed(1)} s)`);
    return [
      { name: `detection sweep, ${SHIPMENTS.toLocaleString('en')} shipments (first, writing delays)`, value: firstSeconds, unit: 's', baseline: 'one raw SQL statement selecting the shipments past their promise', baselineValue: rawSeconds, higherIsBetter: false },
      { name: `detection sweep, ${SHIPMENTS.toLocaleString('en')} shipments (again)`, value: sweepSeconds, unit: 's', baseline: 'one raw SQL statement selecting the shipments past their promise', baselineValue: rawSeconds, higherIsBetter: false },
      { name: 'predicted delivery, mean absolute error', value: accuracy.mae_days ?? Number.NaN, unit: 'days', baseline: 'the carriers\' own first estimate', baselineValue: accuracy.carrier_mae_days ?? Number.NaN, higherIsBetter: false },
    ];
  } finally {
    await db.close();
    await scratch.drop();
  }
}

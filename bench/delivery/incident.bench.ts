import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { systemActor } from '../../src/platform/audit/audit.ts';
import { createUser } from '../../src/platform/auth/users.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { startInProcessApp } from '../in-process-app.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';

/** Delayed orders in the incident (the size: 50,000). */
const DELAYED = Number(process.env.DELIVERY_BENCH_INCIDENT_ORDERS ?? 50_000);
/** Shipments around them that stay on time: other carriers, and the late carrier's own history. */
const BACKGROUND = Number(process.env.DELIVERY_BENCH_INCIDENT_BACKGROUND ?? 200_000);
const LATE_CARRIER = 'Strela Express';

const seconds = (from: number) => (performance.now() - from) / 1000;

/**
 * Issue 15.11 (3): an incident of DELAYED delayed orders until every personal notice is in
 * the outbox. One carrier's DELAYED open shipments, on time at the last sweep, pass their
 * promise (their carrier stopped delivering); POST /api/delivery/sweep of the app (in this
 * process, on a scratch PostgreSQL database) then detects them, the carrier's late share
 * trips and opens the incident (its process started, the delays grouped into it), and each
 * customer's notice — their order, status, estimate and tracker link in their language, on
 * their consented channel — is queued in the outbox. Next to one raw SQL statement making
 * the same notices' rows (customer, channel, language, order, status, dates) from the same
 * late shipments into a table.
 */
export async function benchDeliveryIncident(serverUrl: string): Promise<BenchFigure[]> {
  const scratch = await createScratchDatabase(serverUrl, 'rebound_bench_delivery_incident');
  const db = await openPostgres(scratch.url, 6);
  let stop = async () => {};
  try {
    await migrate(db);
    // The workers as the server runs them: they install the notice templates and the incident's process.
    const inProcess = await startInProcessApp(db, scratch.url, randomBytes(36).toString('base64url'));
    const app = inProcess.app;
    stop = inProcess.stop;
    const password = randomBytes(18).toString('base64url');
    await createUser(db, systemActor, { email: 'logistics@bench.example', name: 'Logistics lead', password, roles: ['admin'] });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'logistics@bench.example', password } });
    const cookie = `rebound_session=${login.cookies.find((c) => c.name === 'rebound_session')!.value}`;

    let started = performance.now();
    const total = DELAYED + BACKGROUND;
    // Customers in four languages; one in ten has only a phone, one in fifty refused e-mail (so SMS).
    // Shipments 1..DELAYED: the late carrier, promised in a week (on time for now, and by the carrier's history). The rest: the
    // late carrier's delivered history (a tenth) and other carriers' open shipments, on time.
    await db.exec(`
      INSERT INTO customers (external_id, name, email, phone, country, language)
      SELECT 'IC' || g, 'Customer ' || g, CASE WHEN g % 10 <> 0 THEN 'ic' || g || '@example.com' END, '+4670' || lpad(g::text, 7, '0'),
             (ARRAY['SE','RU','UA','GB'])[1 + g % 4], (ARRAY['sv','ru','uk','en'])[1 + g % 4]
      FROM generate_series(1, ${total}) g;
      INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source)
      SELECT id, 'email', false, now() - interval '30 days', 'bench' FROM customers WHERE id % 50 = 1;
      INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
      SELECT 'IO' || g, g, 'online', now() - interval '6 days', 'EUR' FROM generate_series(1, ${total}) g;
      INSERT INTO shipments (external_id, order_id, carrier, tracking_number, status, shipped_at, promised_on, estimated_delivery_on, original_estimated_delivery_on,
                             delivered_at, destination_country, delivery_status, first_scan_at, last_scan_at)
      SELECT 'IS' || g, g, x.carrier, 'IT' || g, CASE WHEN x.history THEN 'delivered' ELSE 'in_transit' END,
             x.shipped, x.promised, x.promised, x.promised,
             CASE WHEN x.history THEN x.shipped + interval '2 days' END, (ARRAY['SE','RU','UA','GB'])[1 + g % 4],
             CASE WHEN x.history THEN 'delivered' ELSE 'in_transit' END, x.shipped + interval '5 hours', now() - interval '3 hours'
      FROM generate_series(1, ${total}) g
      CROSS JOIN LATERAL (SELECT g > ${DELAYED} AND g % 10 = 0 AS history) h
      CROSS JOIN LATERAL (SELECT h.history,
             CASE WHEN g <= ${DELAYED} OR h.history THEN '${LATE_CARRIER}' ELSE (ARRAY['Nordpaket','Parcelwing','Lakeline Parcel'])[1 + g % 3] END AS carrier,
             CASE WHEN h.history THEN now() - (4 + g % 20) * interval '1 day' ELSE now() - interval '1 day' END AS shipped,
             CASE WHEN h.history THEN (now() - (4 + g % 20) * interval '1 day' + interval '3 days')::date ELSE (now() + interval '7 days')::date END AS promised) x;
      ANALYZE;`);
    const sweep = async () => {
      const response = await app.inject({ method: 'POST', url: '/api/delivery/sweep', headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`sweep: ${response.statusCode} ${response.body}`);
      return response.json() as { evaluated: number; late: number; newly_late: number; incidents_opened: string[]; notices: { queued: number; suppressed: number; unreachable: number }; duration_ms: number };
    };
    const steady = await sweep();
    console.log(`incident: ${total.toLocaleString('en')} shipments generated in ${seconds(started).toFixed(1)} s; a first sweep (calendars, predictions; ${steady.late} late) in ${(steady.duration_ms / 1000).toFixed(1)} s`);

    // The carrier stops delivering: its open shipments' promise passes (yesterday: inside the tripwire's window, not in its baseline).
    await db.query(`UPDATE shipments SET promised_on = current_date - 1, estimated_delivery_on = current_date - 1, original_estimated_delivery_on = current_date - 1 WHERE id <= $1`, [DELAYED]);
    await db.query('ANALYZE shipments');

    started = performance.now();
    await db.query(
      `CREATE TABLE bench_raw_notices AS
       SELECT c.id AS customer_id, c.language, o.external_id AS order_ref, s.carrier, s.tracking_number, s.delivery_status, s.promised_on, s.estimated_delivery_on,
              CASE WHEN c.email IS NOT NULL AND ce.granted IS NOT FALSE THEN 'email' WHEN c.phone IS NOT NULL AND cs.granted IS NOT FALSE THEN 'sms' END AS channel
       FROM shipments s JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id
       LEFT JOIN customer_consents ce ON ce.customer_id = c.id AND ce.channel = 'email'
       LEFT JOIN customer_consents cs ON cs.customer_id = c.id AND cs.channel = 'sms'
       WHERE s.delivered_at IS NULL AND s.promised_on < current_date`);
    const rawSeconds = seconds(started);

    const loadBefore = loadavg();
    started = performance.now();
    const result = await sweep();
    const incidentSeconds = seconds(started);
    const loadAfter = loadavg();
    const [check] = await db.query<{ notices: number; raw: number; incident_delays: number }>(
      `SELECT (SELECT count(*)::int FROM comms_messages WHERE template_key = 'delivery.delay_notice') AS notices,
              (SELECT count(*)::int FROM bench_raw_notices) AS raw,
              (SELECT count(*)::int FROM delivery_delays d JOIN delivery_incidents i ON i.id = d.incident_id) AS incident_delays`);
    console.log(`incident: ${result.newly_late.toLocaleString('en')} newly late of ${result.evaluated.toLocaleString('en')} open; incidents opened: ${result.incidents_opened.join(', ') || 'none'} holding ${check!.incident_delays.toLocaleString('en')} delays; `
      + `${check!.notices.toLocaleString('en')} notices in the outbox (${result.notices.queued} queued, ${result.notices.suppressed} suppressed, ${result.notices.unreachable} unreachable; raw SQL made ${check!.raw.toLocaleString('en')} rows) after ${incidentSeconds.toFixed(1)} s (the sweep's own ${(result.duration_ms / 1000).toFixed(1)} s); `
      + `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
    if (check!.notices !== DELAYED) throw new Error(`expected ${DELAYED} notices in the outbox, found ${check!.notices}`);
    if (!result.incidents_opened.length) throw new Error('the late carrier opened no incident');
    return [
      { name: `incident of ${DELAYED.toLocaleString('en')} delayed orders (of ${total.toLocaleString('en')} shipments) → every personal notice in the outbox`, value: incidentSeconds, unit: 's', baseline: 'one raw SQL statement making the same notices\' rows into a table', baselineValue: rawSeconds, higherIsBetter: false },
    ];
  } finally {
    await stop();
    await db.close();
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('delivery incident', await benchDeliveryIncident(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres'));
}

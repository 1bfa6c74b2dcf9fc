import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { MODULES } from '../modules.ts';
import { ROLES } from '../platform/auth/permissions.ts';
import { ensureFirstAdmin } from '../platform/bootstrap/first-admin.ts';
import { ManualClock } from '../platform/clock/clock.ts';
import { loadConfig } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import { buildApp } from '../platform/http/app.ts';
import type { AppContext } from '../platform/http/context.ts';
import { startJobs, type Jobs } from '../platform/jobs/jobs.ts';
import { startModuleWorkers } from '../platform/modules/module.ts';
import { DEMO_PASSWORDS_FILE } from './demo-users.ts';
import { loadDemo, type LoadedDemo } from './load-demo.ts';

interface Task {
  id: number;
  activityId: string;
  processId: string;
  businessKey: string;
  escalatedAt: string | null;
  candidateRoles: string[];
}

// Two arbitrary moments — a Wednesday afternoon and a Sunday morning — so nothing in the
// demo may lean on a hard-coded date, weekday or hour.
describe.each(['2027-02-17T15:42:00Z', '2026-08-02T07:05:00Z'])('the demo started on %s', (today) => {
  let db: Db;
  let jobs: Jobs;
  let app: FastifyInstance;
  let stopWorkers: () => Promise<void>;
  let dataDir: string;
  let loaded: LoadedDemo;
  let admin: { email: string; password: string };
  const lines: string[] = [];
  const clock = new ManualClock(today);
  const cookies = new Map<string, string>();

  const signIn = async (email: string, password: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(response.statusCode, `${email} signs in: ${response.body}`).toBe(200);
    const cookie = `rebound_session=${response.cookies.find((c) => c.name === 'rebound_session')!.value}`;
    cookies.set(email, cookie);
    return cookie;
  };
  const get = async <T>(email: string, url: string): Promise<T> => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie: cookies.get(email)! } });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json() as T;
  };

  beforeAll(async () => {
    db = await openTestDb();
    dataDir = mkdtempSync(join(tmpdir(), 'rebound-demo-'));
    const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', REBOUND_DATA_DIR: dataDir });
    jobs = await startJobs(db, { supervise: false });
    const ctx: AppContext = { db, config, clock, jobs, signingKey: 'demo-test-signing-key-'.padEnd(48, 'x') };
    // As `npm start` does it: the first admin, the demo (whose scenes run the workers on their own clock), then the server.
    const first = await ensureFirstAdmin(db, config);
    admin = { email: first!.email, password: first!.password! };
    loaded = await loadDemo(ctx, { customers: 300, orders: 3000, clock, dataDir, scenes: true, modules: MODULES, onLine: (line) => lines.push(line) });
    stopWorkers = await startModuleWorkers(MODULES, ctx);
    app = await buildApp(ctx, { modules: MODULES, logger: false });
    await app.ready();
    await signIn(admin.email, admin.password);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await stopWorkers?.();
    await jobs?.stop();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('plays every scene without a failure or an incident, one line each', () => {
    expect(loaded.failures).toEqual([]);
    expect(lines.filter((l) => l.includes('FAILED') || l.includes('incidents'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('  Demo: '))).toHaveLength(4);
  });

  it('has a demo user for every role, each of whom signs in with the password kept in the data folder', async () => {
    const kept = readFileSync(join(dataDir, DEMO_PASSWORDS_FILE), 'utf8');
    const roles = new Set<string>();
    for (const login of [{ ...admin }, ...loaded.logins.map((l) => ({ email: l.email, password: l.password! }))]) {
      if (login.email !== admin.email) expect(kept).toContain(`${login.email}\t${login.password}`);
      await signIn(login.email, login.password);
      const me = await get<{ roles: string[] }>(login.email, '/api/auth/me');
      for (const role of me.roles) roles.add(role);
    }
    expect([...roles].sort()).toEqual([...ROLES].sort());
  });

  it('ends the orders on the clock\'s today', async () => {
    const [latest] = await db.query<{ day: string }>(`SELECT to_char(max(ordered_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM orders`);
    expect(latest!.day).toBe(today.slice(0, 10));
  });

  it('has an active recall with its notices sent, claims filed and stores confirming units pulled', async () => {
    const recalls = await get<{ items: { id: number; reference: string; status: string; activated_at: string }[] }>(admin.email, '/api/recalls?status=active');
    expect(recalls.items).toHaveLength(1);
    const [recall] = recalls.items;
    expect(new Date(recall!.activated_at).getTime()).toBeLessThan(clock.now().getTime());
    const board = await get<{
      reach: { by_channel: { sent: number }[]; by_chain: { stores_reported: number }[] };
      response: { claims: { total: number; approved: number; review: number } };
      units: { returned: number };
      compensation: { offers: number; offers_delivered_within_24h: number };
    }>(admin.email, `/api/recalls/${recall!.id}/dashboard`);
    expect(board.reach.by_channel.reduce((n, c) => n + Number(c.sent), 0)).toBeGreaterThan(0);
    // Three consumers claimed on the recall page: the rules approved some at once and left at least one to a manager.
    expect(board.response.claims.total).toBe(3);
    expect(board.response.claims.approved).toBeGreaterThanOrEqual(1);
    expect(board.response.claims.review).toBeGreaterThanOrEqual(1);
    expect(board.reach.by_chain.reduce((n, c) => n + Number(c.stores_reported), 0)).toBeGreaterThanOrEqual(1);
    expect(Number(board.units.returned)).toBeGreaterThan(0);
    expect(board.compensation.offers).toBeGreaterThan(0);
    // Notices went out at the (demo's) time of activation, not when the server started.
    expect(board.compensation.offers_delivered_within_24h).toBeGreaterThan(0);
  });

  it('has complaints at every stage, one past its first-reply deadline and escalated to the managers', async () => {
    const report = await get<{ funnel: { stage: string; status: string; complaints: number }[]; sla: { first_response_missed: number }; satisfaction: { responses: number; reopened: number } }>(
      admin.email, '/api/complaints/report');
    const at = (stage: string, status: string) => report.funnel.find((f) => f.stage === stage && f.status === status)?.complaints ?? 0;
    expect(at('registered', 'open')).toBeGreaterThanOrEqual(3); // new, and waiting for the first reply
    expect(at('investigating', 'open')).toBeGreaterThanOrEqual(1);
    expect(at('resolving', 'open')).toBeGreaterThanOrEqual(1); // reopened by the customer's verdict
    expect(at('done', 'resolved')).toBeGreaterThanOrEqual(1); // waiting for the survey
    expect(at('done', 'closed')).toBeGreaterThanOrEqual(1);
    expect(report.satisfaction).toMatchObject({ responses: 2, reopened: 1 });
    expect(report.sla.first_response_missed).toBeGreaterThanOrEqual(1);
    const open = await get<{ items: Task[] }>(admin.email, '/api/tasks?status=open&limit=100');
    const overdue = open.items.find((t) => t.activityId === 'firstResponse' && t.escalatedAt !== null);
    expect(overdue, 'a first reply nobody gave in 24 hours, escalated').toBeDefined();
    expect(overdue!.candidateRoles).toEqual(['manager']);
  });

  it('has win-back under way: segments with members, reasons found, customers waiting on causes, offers paid from the budgets, one came back', async () => {
    const segments = await get<{ name: string; members: number; process_id: string | null }[]>(admin.email, '/api/winback/segments');
    const returners = segments.find((s) => s.name === 'Desired returners');
    expect(returners?.process_id).toBe('win-back');
    expect(returners!.members).toBeGreaterThanOrEqual(10);
    expect(segments.find((s) => s.name === 'Valuable, due now')!.members).toBeGreaterThan(0);
    const reasons = await get<{ items: { key: string; state: string; waiting: number }[] }>(admin.email, '/api/winback/reasons');
    const state = (key: string) => reasons.items.find((r) => r.key === key)!;
    expect(state('price')).toMatchObject({ state: 'eliminated', waiting: 0 });
    expect(state('bad_product').state).toBe('being_fixed');
    expect(reasons.items.reduce((n, r) => n + r.waiting, 0)).toBeGreaterThanOrEqual(3);
    const journeys = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM winback_journeys GROUP BY status');
    const count = (status: string) => journeys.find((j) => j.status === status)?.n ?? 0;
    expect(count('open')).toBeGreaterThan(0); // still in the CRM manager's inbox
    expect(count('offered') + count('came_back')).toBeGreaterThanOrEqual(2);
    expect(count('came_back')).toBeGreaterThanOrEqual(1);
    const [spent] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM compensation_budget_charges c JOIN compensation_budgets b ON b.id = c.budget_id WHERE b.key LIKE 'winback%'");
    expect(spent!.n).toBeGreaterThanOrEqual(2);
    expect(lines.find((l) => l.startsWith('  Demo: win-back:'))).toMatch(/"Desired returners" has \d+ members .* \d+ came back/);
    const [control] = await db.query<{ n: number; started: number }>("SELECT count(*) FILTER (WHERE control)::int AS n, count(*) FILTER (WHERE control AND instance_id IS NOT NULL)::int AS started FROM winback_segment_entries");
    expect(control!.started).toBe(0);
  });

  it('has carriers, parcels with their carriers\' events and one delivery incident under way with its published status page', async () => {
    // Carriers and their tracking events, as the delivery module shows them.
    const [parcels] = await db.query<{ carriers: number; tracked: number }>(
      'SELECT count(DISTINCT s.carrier)::int AS carriers, count(DISTINCT e.shipment_id)::int AS tracked FROM shipments s LEFT JOIN delivery_events e ON e.shipment_id = s.id');
    expect(parcels!.carriers).toBeGreaterThanOrEqual(5);
    expect(parcels!.tracked).toBeGreaterThan(0);
    const open = await get<{ id: number; reference: string; cause_value: string; delayed_orders: number; process_instance_id: number | null }[]>(admin.email, '/api/delivery/incidents?status=open');
    expect(open.map((i) => i.cause_value)).toEqual(['strelaexpress']);
    const [incident] = open;
    expect(incident!.delayed_orders).toBeGreaterThan(0);
    expect(incident!.process_instance_id).not.toBeNull();
    // Its process gives each role its task (IT, logistics, service, management).
    const tasks = await get<{ items: Task[] }>(admin.email, `/api/tasks?status=open&businessKey=${incident!.reference}`);
    expect(tasks.items.map((t) => t.activityId).sort()).toEqual(['capacityAndRerouting', 'communicateAndCompensate', 'fixOrRollBack', 'publicStatementAndBudget']);

    const page = await get<{ slug: string; published: boolean; texts: Record<string, { public_title: string | null; faq: unknown[] }>; updates: { posted_at: string; texts: Record<string, string> }[]; carriers: string[] }>(
      admin.email, `/api/delivery/incidents/${incident!.id}/status-page`);
    expect(page.published).toBe(true);
    for (const language of ['en', 'ru', 'uk', 'sv']) {
      expect(page.texts[language]?.public_title, language).toBeTruthy();
      expect(page.texts[language]!.faq.length, language).toBeGreaterThanOrEqual(2);
    }
    expect(page.updates).toHaveLength(2);
    expect(page.updates.every((u) => Object.keys(u.texts).sort().join() === 'en,ru,sv,uk' && Date.parse(u.posted_at) < clock.now().getTime())).toBe(true);
    expect(page.carriers).toEqual(['Strela Express']);
    // Anyone reads it in their language, with the updates.
    const ru = await app.inject({ method: 'GET', url: `/status/${page.slug}?lang=ru` });
    expect(ru.statusCode).toBe(200);
    expect(ru.body).toContain('Задержка посылок Strela Express по России');
    expect(ru.body).toContain('Vektor Post');

    // Each customer was told of their own order, with a tracker showing the carrier's events and the page.
    const [notice] = await db.query<{ url: string }>(
      `SELECT m.variables ->> 'tracker_url' AS url FROM comms_messages m
       JOIN customers c ON c.id = m.customer_id JOIN orders o ON o.customer_id = c.id AND o.external_id = m.variables ->> 'order'
       JOIN shipments s ON s.order_id = o.id JOIN delivery_delays d ON d.shipment_id = s.id AND d.incident_id = $1
       JOIN delivery_events e ON e.shipment_id = s.id
       WHERE m.template_key = 'delivery.delay_notice' AND m.status IN ('sent', 'delivered', 'opened', 'clicked') LIMIT 1`, [incident!.id]);
    expect(notice, 'a delay notice about an order of the incident, sent').toBeDefined();
    const tracker = await app.inject({ method: 'GET', url: notice!.url.slice(notice!.url.indexOf('/track?')) });
    expect(tracker.statusCode).toBe(200);
    expect(tracker.body).toContain('<ol class="events">');
    expect(tracker.body).toContain(`/status/${page.slug}`);
    expect(lines.find((l) => l.startsWith('  Demo: delivery:'))).toMatch(/incident DI-\d{8}-\d{3} \(Strela Express, open\) with \d+ delayed orders; \d+ customers told .* published with 2 updates/);
  });

  it('leaves tasks in the demo agent\'s inbox', async () => {
    await signIn('agent@rebound.local', loaded.logins.find((l) => l.email === 'agent@rebound.local')!.password!);
    const offered = await get<{ items: Task[] }>('agent@rebound.local', '/api/tasks?offered=true');
    expect(offered.items.map((t) => t.activityId)).toEqual(expect.arrayContaining(['firstResponse', 'resolve', 'confirmRemoval']));
  });

  it('has delivered mail into the mailbox: consumers, staff and the retail chains', async () => {
    const mailbox = await get<{ total: number; items: { to: string }[] }>(admin.email, '/api/mailbox?limit=200');
    expect(mailbox.total).toBeGreaterThan(10);
    const recipients = JSON.stringify(mailbox.items);
    expect(recipients).toContain('@rebound.local'); // the staff alert about the recall
    expect(recipients).toMatch(/recalls@[a-z0-9-]+\.example/); // a chain's recall notice
  });

  it('lets the administrator claim and complete a task', async () => {
    const offered = await get<{ items: Task[] }>(admin.email, '/api/tasks?offered=true&limit=100');
    const task = offered.items.find((t) => t.activityId === 'firstResponse' && t.escalatedAt === null);
    expect(task, 'a first reply offered to the administrator').toBeDefined();
    const cookie = cookies.get(admin.email)!;
    expect((await app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/claim`, headers: { cookie } })).statusCode).toBe(204);
    const done = await app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/complete`, headers: { cookie }, payload: { data: { reply: 'We are sorry, we are looking into it today.', departments: [] } } });
    expect(done.statusCode, done.body).toBe(204);
  });
});

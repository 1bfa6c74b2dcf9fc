/**
 * A delivery-delay incident end to end in a real Chromium (issue 15.10): signed carrier
 * webhooks (EasyPost, Shippo, AfterShip) posted over HTTP to the running server make orders
 * late → the carrier's late share trips and opens the incident → each customer's own notice
 * lands in the demo mailbox → the tracker opened by the signed link in the mail shows the
 * status, the carrier's events and the new estimate → the compensation is previewed over the
 * affected orders, management approves the budget on its task in the console, it is issued →
 * a "delivered" webhook → the apology with the CSAT survey in the mailbox, answered on its
 * public page → the console's delivery dashboard counts on-time, CSAT and complaints.
 * Time is the server's injectable clock (the test app's ManualClock), never the wall clock.
 * Screenshots land in test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../app.ts';
import { afterShipSignature, easyPostSignature } from '../../src/delivery/sources/webhook-signatures.ts';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing.`);

const EASYPOST_SECRET = 'browser-easypost-secret-0123456789';
const SHIPPO_TOKEN = 'browser-shippo-token-0123456789';
const AFTERSHIP_SECRET = 'browser-aftership-secret-0123456789';
const STAFF = 'delivery.lead@browser.test';
const GTIN = '07350053850019';

/** Five PostNord parcels promised for the test clock's day (Wednesday 18 November 2026), one customer each, in four languages. */
const PARCELS = [
  { n: 1, language: 'sv', name: 'Astrid Lund', tier: 'standard', zone: 'Europe/Stockholm' },
  { n: 2, language: 'ru', name: 'Ivan Petrov', tier: 'standard', zone: 'Europe/Stockholm' },
  { n: 3, language: 'uk', name: 'Olena Shevchenko', tier: 'vip', zone: 'Europe/Stockholm' },
  { n: 4, language: 'en', name: 'Harry Green', tier: 'standard', zone: '' },
  { n: 5, language: 'sv', name: 'Karin Berg', tier: 'standard', zone: 'Europe/Stockholm' },
] as const;
const email = (n: number) => `parcel${n}@customer.test`;
const tracking = (n: number) => `00370733${String(n).padStart(10, '0')}`;

interface Mail { id: number; subject: string | null; to: string | null }

describe.skipIf(noChromium)('a delivery incident from carrier webhooks to the dashboard, in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let staff: BrowserContext;
  let console_: Page;
  let cookie: string;
  let incident: { id: number; reference: string };
  let trackerPath: string;
  const pageErrors: string[] = [];

  const signIn = async () => {
    const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: STAFF, password: TEST_PASSWORD }) });
    expect(response.status).toBe(200);
    cookie = /rebound_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
    await staff.clearCookies();
    await staff.addCookies([{ name: 'rebound_session', value: cookie.split('=')[1]!, url: base }]);
  };
  /** The staff's browser reads the time the server keeps (a due task is "overdue" by the server's clock, as in production). */
  const syncBrowserClock = async () => staff.clock.setSystemTime(t.clock.now());
  const api = async <T = unknown>(method: string, path: string, body?: unknown, status = 200, type = 'application/json'): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': type }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(status);
    return (text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T;
  };
  /** A carrier's webhook, signed as that carrier signs it, posted to the running server. */
  const webhook = async (source: 'easypost' | 'shippo' | 'aftership', payload: unknown) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (source === 'easypost') headers['x-hmac-signature'] = easyPostSignature(EASYPOST_SECRET, Buffer.from(body));
    if (source === 'aftership') headers['aftership-hmac-sha256'] = afterShipSignature(AFTERSHIP_SECRET, Buffer.from(body));
    const response = await fetch(`${base}/api/delivery/webhooks/${source}${source === 'shippo' ? `?token=${SHIPPO_TOKEN}` : ''}`, { method: 'POST', headers, body });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as { stored: number; newly_late: number; incidents_opened: string[]; notices: { queued: number; apologies: number } };
  };
  const mailsTo = async (n: number) => (await api<{ items: Mail[] }>('GET', `/api/mailbox?to=${encodeURIComponent(email(n))}`)).items;
  const mailText = async (id: number) => (await api<{ text: string }>('GET', `/api/mailbox/${id}`)).text;
  const check = async (page: Page, name: string) => {
    await screenshot(page, name);
    expect(await seriousAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
  };

  const easyPost = (n: number, details: { status: string; detail?: string; at: string; city: string }[], estimate: string) => ({
    object: 'Event', id: `evt_${n}_${details.length}`, description: 'tracker.updated', mode: 'production', created_at: details.at(-1)!.at,
    result: {
      object: 'Tracker', id: `trk_${n}`, tracking_code: tracking(n), carrier: 'PostNord', status: details.at(-1)!.status, est_delivery_date: `${estimate}T00:00:00Z`,
      tracking_details: details.map((d) => ({ object: 'TrackingDetail', status: d.status, status_detail: d.detail ?? null, datetime: d.at, message: `${d.status.replace('_', ' ')} scan`, tracking_location: { city: d.city, country: 'SE' } })),
    },
  });

  beforeAll(async () => {
    // Quiet hours and the daily cap would hold notices back on the moved clock.
    [t, browser] = await Promise.all([startTestApp({ COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0' }), launchChromium()]);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // One person leads the incident: configures the carriers, reads the demo mailbox, approves as management.
    await t.login(['admin', 'manager'], STAFF);
    staff = await browser.newContext({ baseURL: base, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    staff.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    await staff.clock.install({ time: t.clock.now() });
    await signIn();

    // The shop's files, through the importers: a product, the customers, their orders and parcels.
    await api('POST', '/api/imports/products', `gtin,name,brand,category\n${GTIN},Noise-cancelling headphones,Ljud,electronics\n`, 200, 'text/csv');
    await api('POST', '/api/imports/customers', `external_id,name,email,language,tier,country,time_zone\n${PARCELS.map((p) => `C-${p.n},${p.name},${email(p.n)},${p.language},${p.tier},SE,${p.zone}`).join('\n')}\n`, 200, 'text/csv');
    await api('POST', '/api/imports/order-lines', `order_external_id,ordered_at,channel,customer_external_id,line_no,gtin,quantity,unit_price_minor,currency\n${PARCELS.map((p) => `SO-${p.n},2026-11-14T10:00:00Z,online,C-${p.n},1,${GTIN},1,${39_900 + p.n * 100},SEK`).join('\n')}\n`, 200, 'text/csv');
    await api('POST', '/api/imports/shipments', `external_id,order_external_id,carrier,tracking_number,status,promised_on,estimated_delivery_on,shipped_at\n${PARCELS.map((p) => `P-${p.n},SO-${p.n},PostNord,${tracking(p.n)},shipped,2026-11-18,2026-11-18,2026-11-16T15:00:00Z`).join('\n')}\n`, 200, 'text/csv');
    // Each tracking service's webhook with its own secret; a small shop trips on half its parcels late.
    await api('PUT', '/api/delivery/sources/easypost', { kind: 'easypost', secret: EASYPOST_SECRET });
    await api('PUT', '/api/delivery/sources/shippo', { kind: 'shippo', secret: SHIPPO_TOKEN });
    await api('PUT', '/api/delivery/sources/aftership', { kind: 'aftership', secret: AFTERSHIP_SECRET });
    await api('PUT', '/api/delivery/incident-settings', { window_hours: 24, baseline_days: 28, min_shipments: 4, ratio: 2, min_late_share: 0.5 });
    console_ = await staff.newPage();
  }, 240_000); // the server, its migrations and Chromium on a loaded 2-core machine

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('turns signed carrier webhooks into late orders, and the carrier\'s late share opens the incident', async () => {
    // A forged signature is refused before anything is read.
    const forged = await fetch(`${base}/api/delivery/webhooks/easypost`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hmac-signature': 'hmac-sha256-hex=00' }, body: '{}' });
    expect(forged.status).toBe(401);
    // Two parcels arrive on time (AfterShip, EasyPost).
    for (const n of [4, 5]) {
      await webhook('aftership', {
        event: 'tracking_update', event_id: `as-${n}`, ts: 1_763_450_000,
        msg: {
          id: `as${n}`, tracking_number: tracking(n), slug: 'postnord', tag: 'Delivered', subtag: 'Delivered_001',
          checkpoints: [
            { checkpoint_time: '2026-11-17T06:40:00+01:00', tag: 'InTransit', subtag: 'InTransit_002', message: 'Sorted', location: 'Jönköping', country_iso3: 'SWE' },
            { checkpoint_time: '2026-11-18T09:20:00+01:00', tag: 'Delivered', subtag: 'Delivered_001', message: 'Delivered to the mailbox', location: 'Lund', country_iso3: 'SWE' },
          ],
        },
      });
    }
    // EasyPost moves parcel 1's estimate a week past the promise.
    const first = await webhook('easypost', easyPost(1, [
      { status: 'pre_transit', detail: 'label_created', at: '2026-11-16T14:00:00Z', city: 'Jönköping' },
      { status: 'in_transit', detail: 'arrived_at_facility', at: '2026-11-17T05:30:00Z', city: 'Malmö' },
    ], '2026-11-25'));
    expect(first).toMatchObject({ stored: 2, newly_late: 1, incidents_opened: [] });
    // Shippo says parcel 2 is stuck at the terminal (sent twice: Shippo's webhooks are not idempotent).
    const shippo = {
      event: 'track_updated', test: false,
      data: {
        carrier: 'postnord', tracking_number: tracking(2), eta: '2026-11-25T18:00:00Z', tracking_history: [],
        tracking_status: { status: 'TRANSIT', status_details: 'Delayed at the Malmö terminal', status_date: '2026-11-17T16:10:00Z', substatus: { code: 'delayed', text: 'Delayed', action_required: false }, location: { city: 'Malmö', country: 'SE' } },
      },
    };
    expect(await webhook('shippo', shippo)).toMatchObject({ stored: 1, newly_late: 1 });
    expect(await webhook('shippo', shippo)).toMatchObject({ stored: 0, newly_late: 0 });
    // AfterShip reports an exception on parcel 3: three of five late trips the carrier.
    await webhook('aftership', {
      event: 'tracking_update', event_id: 'as-3', ts: 1_763_460_000,
      msg: {
        id: 'as3', tracking_number: tracking(3), slug: 'postnord', tag: 'Exception', subtag: 'Exception_004',
        courier_estimated_delivery_date: { estimated_delivery_date: '2026-11-26', estimated_delivery_date_min: null, estimated_delivery_date_max: null },
        checkpoints: [{ checkpoint_time: '2026-11-18T07:45:00+01:00', tag: 'Exception', subtag: 'Exception_004', message: 'Terminal closed, parcel held', location: 'Malmö', country_iso3: 'SWE' }],
      },
    });

    const delays = await api<{ shipment: string; rule: string; days_late: number; incident: string | null }[]>('GET', '/api/delivery/delays');
    expect(delays.map((d) => d.shipment).sort()).toEqual(['P-1', 'P-2', 'P-3']);
    // Opened by the rate (by whichever request or sweep saw the third late parcel first).
    const open = await api<{ id: number; reference: string; cause_value: string; opened_by: string; delayed_orders: number; process_instance_id: number | null }[]>('GET', '/api/delivery/incidents?status=open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ cause_value: 'postnord', opened_by: 'rate', delayed_orders: 3 });
    incident = open[0]!;
    await expect.poll(async () => (await api<{ items: { activityId: string }[] }>('GET', `/api/tasks?status=open&businessKey=${incident.reference}`)).items.map((x) => x.activityId).sort())
      .toEqual(['capacityAndRerouting', 'communicateAndCompensate', 'fixOrRollBack', 'publicStatementAndBudget']);
  });

  it('tells each customer with a late order their own order in their language, in the demo mailbox; nobody whose parcel came', async () => {
    for (const n of [1, 2, 3]) await expect.poll(async () => (await mailsTo(n)).length, { message: `notice to parcel ${n}` }).toBe(1);
    const subjects = await Promise.all([1, 2, 3].map(async (n) => (await mailsTo(n))[0]!.subject));
    expect(subjects[0]).toContain('SO-1'); // Swedish
    expect(subjects[1]).toMatch(/SO-2/); // Russian
    expect(subjects[2]).toMatch(/SO-3/); // Ukrainian
    expect(new Set(subjects).size).toBe(3);
    expect(await mailsTo(4)).toEqual([]);
    expect(await mailsTo(5)).toEqual([]);
    const [mail] = await mailsTo(1);
    const text = await mailText(mail!.id);
    expect(text).toContain('25 november 2026');
    trackerPath = /(\/track\?t=[\w.-]+)/.exec(text)![1]!;
    await console_.goto(`/console/mailbox/${mail!.id}`);
    await console_.getByText('SO-1').first().waitFor();
    await screenshot(console_, 'delivery-flow-01-notice-in-mailbox');
  });

  it('opens the tracker by the link in the mail: status, the carrier\'s events, the new estimate', async () => {
    const customer = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
    const page = await customer.newPage();
    await page.goto(trackerPath);
    await page.getByRole('heading', { name: /SO-1/ }).waitFor();
    const facts = await page.locator('table.facts').textContent();
    expect(facts).toContain('PostNord');
    expect(facts).toContain(tracking(1));
    expect(facts).toContain('25 november 2026'); // the new estimate
    expect(facts).toContain('18 november 2026'); // the promise
    const events = await page.locator('ol.events li').allTextContents();
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('Malmö');
    // Scanned 05:30 UTC: the customer reads it in their own time, named.
    expect(events[0]).toMatch(/06:30 CET/);
    await check(page, 'delivery-flow-02-tracker');
    // The link is the only key: a tampered one shows nothing of the order.
    const tampered = await page.goto(`${trackerPath.slice(0, -3)}xyz`);
    expect(tampered!.status()).toBe(404);
    expect(await page.content()).not.toContain('SO-1');
    await customer.close();
  });

  it('previews the compensation over the affected orders, management approves the budget on its task in the console, and it is issued', async () => {
    await api('PUT', '/api/compensation/budgets/delay-sek', { name: 'Late deliveries (SEK)', currency: 'SEK', limit_minor: 1_000_000 });
    const preview = await api<{ currencies: { currency: string; to_issue: { orders: number; total_minor: number; options: Record<string, { count: number }> } }[]; orders: { order: string; option: string; amount_minor: number }[] }>(
      'GET', `/api/delivery/incidents/${incident.id}/compensation-preview`);
    expect(preview.orders.map((o) => o.order).sort()).toEqual(['SO-1', 'SO-2', 'SO-3']);
    expect(preview.currencies).toHaveLength(1);
    expect(preview.currencies[0]!).toMatchObject({ currency: 'SEK', to_issue: { orders: 3 } });
    // Standard customers get their shipping back (49 kr); the VIP a partial refund.
    expect(preview.orders.filter((o) => o.option === 'shipping_refund').map((o) => o.amount_minor), JSON.stringify(preview)).toEqual([4900, 4900]);
    expect(preview.orders.find((o) => o.order === 'SO-3')!.option).toBe('partial_refund');

    const { items } = await api<{ items: { id: number; activityId: string }[] }>('GET', `/api/tasks?status=open&businessKey=${incident.reference}`);
    const task = items.find((x) => x.activityId === 'publicStatementAndBudget')!;
    await console_.goto(`/console/tasks/${task.id}`);
    await console_.getByRole('heading', { level: 1, name: 'Management: publish a statement, approve the compensation budget' }).waitFor();
    await console_.getByRole('button', { name: 'Claim' }).click();
    // The claimed task is read again and its form drawn anew: fill it only after that, or the answers are wiped.
    await console_.getByRole('button', { name: 'Claim' }).waitFor({ state: 'detached' });
    await console_.locator('.work-details').getByText(STAFF).waitFor();
    await console_.getByLabel(/Approved budget keys/).fill('delay-sek');
    // Beside the form: the preview's cost per currency and the open budget that can carry it.
    const beside = console_.getByTestId('compensation-preview');
    await expect.poll(() => beside.textContent()).toContain('delay-sek');
    expect(await beside.textContent()).toContain('Shipping refund: 2');
    await console_.getByLabel('Note').fill(`Shipping refunds and the VIP's partial refund, ${(preview.currencies[0]!.to_issue.total_minor / 100).toFixed(2)} kr in all.`);
    await check(console_, 'delivery-flow-03-budget-approval');
    await console_.getByRole('button', { name: 'Complete task' }).click();
    await console_.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    const approvals = await t.db.query<{ budget_key: string; currency: string }>('SELECT budget_key, currency FROM delivery_budget_approvals WHERE incident_id = $1', [incident.id]);
    expect(approvals).toEqual([{ budget_key: 'delay-sek', currency: 'SEK' }]);

    // Issued as previewed, charged to the approved budget; once only.
    const issued = await api<{ issued: number; already_issued: number }>('POST', `/api/delivery/incidents/${incident.id}/compensation`, { budget_keys: ['delay-sek'] });
    expect(issued).toMatchObject({ issued: 3, already_issued: 0 });
    expect(await api('POST', `/api/delivery/incidents/${incident.id}/compensation`, { budget_keys: ['delay-sek'] })).toMatchObject({ issued: 0, already_issued: 3 });
    const budget = await api<{ spent_minor: number }>('GET', '/api/compensation/budgets/delay-sek');
    expect(budget.spent_minor).toBe(preview.currencies[0]!.to_issue.total_minor);
  });

  it('on the "delivered" webhook, sends the apology with the CSAT survey; the customer answers it on its page', async () => {
    // A week later on the server's clock; the session of the morning is gone.
    t.clock.set('2026-11-25T10:00:00Z');
    await syncBrowserClock();
    await signIn();
    const delivered = await webhook('easypost', easyPost(1, [
      { status: 'pre_transit', detail: 'label_created', at: '2026-11-16T14:00:00Z', city: 'Jönköping' },
      { status: 'in_transit', detail: 'arrived_at_facility', at: '2026-11-17T05:30:00Z', city: 'Malmö' },
      { status: 'delivered', detail: 'arrived_at_destination', at: '2026-11-25T09:10:00Z', city: 'Lund' },
    ], '2026-11-25'));
    expect(delivered).toMatchObject({ stored: 1, notices: { apologies: 1 } });
    await expect.poll(async () => (await mailsTo(1)).length, { message: 'the apology in the mailbox' }).toBe(2);
    const apology = (await mailsTo(1)).find((m) => m.subject?.includes('förlåt'))!;
    const surveyPath = /(\/surveys\/respond\?t=[\w.-]+)/.exec(await mailText(apology.id))![1]!;

    // The tracker now says delivered, and what the customer was given.
    const customer = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
    const page = await customer.newPage();
    await page.goto(trackerPath);
    expect(await page.locator('table.facts').textContent()).toContain('levererad');
    expect(await page.locator('main').textContent()).toMatch(/49,00\s?kr/);
    await screenshot(page, 'delivery-flow-04-tracker-delivered');

    await page.goto(surveyPath);
    await page.locator('input[name="q_csat"][value="5"]').check();
    await check(page, 'delivery-flow-05-survey');
    await page.locator('button[type="submit"]').click();
    await page.getByText('Tack för dina svar').waitFor();
    await customer.close();
  });

  it('counts it on the delivery dashboard: on time, CSAT and complaints', async () => {
    // The Russian customer complains about their late parcel.
    const [ivan] = (await api<{ items: { id: number }[] }>('GET', `/api/customers?q=${encodeURIComponent('Ivan Petrov')}`)).items;
    await api('POST', '/api/complaints', { channel: 'email', category: 'delivery', essence: 'Мой заказ опаздывает на неделю.', customer_id: ivan!.id, order_number: 'SO-2' }, 201);

    await console_.goto('/console/delivery');
    await console_.getByRole('heading', { level: 1, name: 'Delivery' }).waitFor();
    const card = (label: string) => console_.locator('.stat-card', { hasText: label }).locator('.stat-value');
    await expect.poll(() => card('CSAT after delivery').textContent()).toMatch(/^100\s?%$/);
    await expect.poll(() => card('On time').textContent()).toMatch(/^40\s?%$/);
    await expect.poll(() => card('Delivery complaints').textContent()).toBe('1');
    // The bars grow in for 300 ms: the screenshot waits until they stand still.
    const bars = console_.locator('.chart svg').first();
    await bars.waitFor();
    await expect.poll(async () => {
      const before = await bars.innerHTML();
      await console_.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      return before === (await bars.innerHTML());
    }).toBe(true);
    await check(console_, 'delivery-flow-06-dashboard');
    const dashboard = await api<{ total: { shipments_due: number; on_time: number; late: number; csat_answers: number; csat: number; complaints: number } }>('GET', '/api/delivery/dashboard?by=carrier');
    expect(dashboard.total).toMatchObject({ shipments_due: 5, on_time: 2, late: 3, csat_answers: 1, csat: 1, complaints: 1 });
  });
});

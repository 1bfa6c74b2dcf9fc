/**
 * Complaints in a real Chromium against the real server, the whole of processes/complaint.bpmn:
 * a customer complains on the public page in Ukrainian (the order is verified against their
 * e-mail) → the agent sees the first-reply task → nobody replies for a day (the server's clock
 * is moved, REBOUND_CLOCK_CONTROL) and the task escalates to the managers → a manager replies,
 * grants a goodwill voucher within the rules and resolves it → the customer answers the survey
 * from the e-mail → the complaints screen counts the complaint closed and its CSAT.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

describe.skipIf(noChromium || postgresPass)('a complaint from the public page to the console', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let staff: BrowserContext;
  let buyer: { email: string; order: string };
  let reference: string;
  const AGENT = { email: 'agent@browser.test', password: 'agent password, browser tests' };
  const MANAGER = { email: 'manager@browser.test', password: 'manager password, browser tests' };
  const signInStaff = async () => expect((await staff.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
  const openTasks = async () => (await (await staff.request.get(`/api/tasks?businessKey=${reference}&status=open`)).json()).items as { id: number; activityId: string; escalatedAt: string | null; candidateRoles: string[] }[];
  const signIn = async (page: Page, user: { email: string; password: string }) => {
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const check = async (page: Page, name: string) => {
    await screenshot(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    // Quiet hours and the daily cap would hold the replies and the survey back when the moved clock lands at night.
    [rebound, browser] = await Promise.all([
      startRebound({ customers: 200, orders: 1500, env: { REBOUND_CLOCK_CONTROL: 'true', COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0' } }),
      launchChromium(),
    ]);
    staff = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    await signInStaff();
    for (const [user, roles] of [[AGENT, ['agent']], [MANAGER, ['manager']]] as const) {
      const created = await staff.request.post('/api/users', { data: { email: user.email, name: user.email.split('@')[0], password: user.password, roles } });
      expect(created.status(), await created.text()).toBe(201);
    }
    const customers = (await (await staff.request.get('/api/customers?limit=50')).json()).items as { id: number; email: string | null }[];
    for (const customer of customers.filter((c) => c.email)) {
      const detail = (await (await staff.request.get(`/api/customers/${customer.id}`)).json()) as { orders: { external_id: string }[]; consents: { channel: string; granted: boolean }[] };
      const orders = detail.orders;
      // One who accepts e-mail: the replies and the survey reach them.
      if (orders.length && detail.consents.some((c) => c.channel === 'email' && c.granted)) {
        buyer = { email: customer.email!, order: orders[0]!.external_id };
        break;
      }
    }
    expect(buyer, 'the demo has a customer with an e-mail they accept, and an order').toBeDefined();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
  });

  it('takes a complaint in Ukrainian only when the order matches the e-mail, and gives a reference', async () => {
    const visitor = await browser.newContext({ baseURL: rebound.url, viewport: { width: 390, height: 844 }, locale: 'uk-UA' });
    const page = await visitor.newPage();
    await page.goto('/p/complaint?lang=uk');
    await page.getByLabel('Номер замовлення').fill(buyer.order);
    await page.getByLabel('Ел. пошта із замовлення').fill('not-the-buyer@example.org');
    await page.getByLabel('Про що скарга?').selectOption('delivery');
    await page.getByLabel('Що сталося').fill('Замовлення приїхало на три дні пізніше, ніж обіцяли.');
    await page.getByRole('button', { name: 'Надіслати' }).click();
    await expect.poll(() => page.locator('#complaint-order_number').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Ел. пошта із замовлення').fill(buyer.email);
    // A photo of the late parcel: the smallest valid PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    await page.getByLabel('Фото або документи (необов’язково)').setInputFiles({ name: 'посилка.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Надіслати' }).click();
    await expect.poll(() => page.getByRole('status').locator('.claim-voucher').textContent()).toMatch(/^CMP-\d{6}$/);
    reference = (await page.getByRole('status').locator('.claim-voucher').textContent())!;
    expect(await page.getByRole('status').textContent()).toContain('Прикріплено файлів: 1');
    await screenshot(page, 'complaint-01-public-uk');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await visitor.close();
  });

  it('counts it on the complaints screen, with its department from the triage rules', async () => {
    const page = await staff.newPage();
    await page.goto('/console/complaints');
    await expect.poll(() => page.locator('.stat-card', { hasText: 'Complaints' }).locator('.stat-value').textContent()).toBe('1');
    await expect.poll(() => page.getByRole('cell', { name: 'Logistics' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'complaint-02-console');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const cases = (await (await staff.request.get('/api/cases?type=complaint')).json()).items as { business_key: string }[];
    expect(cases.map((c) => c.business_key)).toContain(reference);
    const caseId = (cases as { id: number; business_key: string }[]).find((c) => c.business_key === reference)!.id;
    const files = (await (await staff.request.get(`/api/cases/${caseId}/attachments`)).json()) as { file_name: string; uploaded_by: string }[];
    expect(files).toEqual([expect.objectContaining({ file_name: 'посилка.png', uploaded_by: 'customer (complaint page)' })]);
  });
  it("offers the first reply to the agents, and escalates it to the managers when a day passes without one", async () => {
    const context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/console/tasks');
    await signIn(page, AGENT);
    await page.getByRole('heading', { level: 1, name: 'Task inbox' }).waitFor();
    await page.getByRole('button', { name: 'My groups' }).click();
    const row = page.locator('table.data-table tbody tr', { hasText: reference });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Reply to the customer');
    await check(page, 'complaint-03-agent-task');

    // Nobody replies: a day and an hour pass on the server's clock.
    const moved = await staff.request.post('/api/system/clock', { data: { advance_ms: 25 * 3600_000 } });
    expect(moved.status(), await moved.text()).toBe(200);
    await context.close();
    await signInStaff(); // the sessions of yesterday have ended
    await expect.poll(async () => (await openTasks())[0]?.escalatedAt ?? null, { timeout: 20_000 }).not.toBeNull();
    expect((await openTasks())[0]!.candidateRoles).toEqual(['manager']);
  });

  it('lets a manager reply, grant a goodwill voucher within the rules and resolve the complaint', async () => {
    const context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/console/tasks?view=offered');
    await signIn(page, MANAGER);
    await page.getByRole('heading', { level: 1, name: 'Task inbox' }).waitFor();
    await page.getByRole('button', { name: 'My groups' }).click();
    const row = page.locator('table.data-table tbody tr', { hasText: reference });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Escalated');
    await check(page, 'complaint-04-escalated');

    await row.getByRole('link', { name: 'Reply to the customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reply to the customer' }).waitFor();
    // The task shows the work: the case, the customer and what they wrote, and where the reply goes.
    const about = page.locator('section.task-context');
    await about.getByRole('link', { name: new RegExp(reference) }).first().waitFor();
    await expect.poll(() => about.locator('.task-context-text').textContent()).toContain('Замовлення приїхало на три дні пізніше');
    expect(await about.getByRole('link').filter({ hasText: /\S/ }).evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/console\/cases\/\d+$/), expect.stringMatching(/^\/console\/customers\/\d+$/)]));
    // The customer's card arrives after the case's text: wait for their address, do not read it once.
    await expect.poll(() => about.textContent()).toContain(buyer.email);
    await page.getByLabel('First reply to the customer').waitFor();
    await expect.poll(() => page.getByTestId('reply-route').textContent()).toBe(`Rebound sends this reply by e-mail to ${buyer.email}.`);
    // The engine's variables are there for whoever debugs the process, folded away.
    const technical = page.locator('details.technical-details');
    expect(await technical.getAttribute('open')).toBeNull();
    expect(await page.getByText('complaintId', { exact: true }).isVisible()).toBe(false);
    await check(page, 'complaint-04b-reply-task');
    await technical.locator('summary').click();
    expect(await page.getByText('complaintId', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'complaint-04c-reply-task-technical');
    await page.getByLabel('First reply to the customer').fill('Вибачте за затримку. Ми розбираємося і відповімо до кінця тижня.');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();

    // The goodwill gesture, from the complaint's case.
    const cases = (await (await staff.request.get('/api/cases?type=complaint')).json()).items as { id: number; business_key: string }[];
    const caseId = cases.find((c) => c.business_key === reference)!.id;
    await page.goto(`/console/cases/${caseId}`);
    await page.getByLabel('Value').fill('5.00');
    await page.getByLabel('Reason for the gesture').fill('A coffee on the house for the wait');
    await page.getByRole('button', { name: 'Grant voucher' }).click();
    await expect.poll(() => page.locator('code.voucher-code').first().textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await check(page, 'complaint-05-goodwill');
    // The restless flag, from the same panel: recorded with its reason, for a manager to decide on.
    await page.getByLabel('Reason for the flag').fill('Third late delivery this quarter');
    await page.getByRole('button', { name: 'Flag', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Recorded: Flagged.' }).waitFor();

    await expect.poll(async () => (await openTasks()).map((t) => t.activityId)).toEqual(['resolve']);
    const [resolve] = await openTasks();
    await page.goto(`/console/tasks/${resolve!.id}`);
    await page.getByRole('heading', { level: 1, name: 'Resolve the complaint' }).waitFor();
    // The case, the complaint and its history load above the form and push it down as they
    // arrive: click once they are in, or the click lands where the form was.
    const resolveAbout = page.locator('section.task-context');
    await expect.poll(() => resolveAbout.locator('.task-context-text').textContent()).toContain('Замовлення приїхало на три дні пізніше');
    await resolveAbout.getByRole('heading', { name: 'The complaint, in the customer’s words' }).waitFor();
    await resolveAbout.locator('.timeline-summary').first().waitFor();
    await page.getByLabel('Yes').check();
    await page.getByLabel('Resolution, as the customer will read it').fill('Кур’єрська служба затримала посилку; ми змінили перевізника. Ваучер уже на вашій пошті.');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    await expect.poll(async () => (await (await staff.request.get(`/api/cases/${caseId}`)).json()).case.status).toBe('resolved');
    await context.close();
  }, 120_000); // the task page's checks on a machine shared with other test runs

  it('takes the survey answer from the link in the e-mail, closes the complaint and counts it on the complaints screen', async () => {
    // The invitation, as the customer received it (the embedded mailbox keeps what was sent over SMTP).
    await expect.poll(async () => ((await (await staff.request.get(`/api/mailbox?to=${encodeURIComponent(buyer.email)}`)).json()).items as unknown[]).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3); // the first reply, the resolution and the survey invitation
    const items = (await (await staff.request.get(`/api/mailbox?to=${encodeURIComponent(buyer.email)}`)).json()).items as { id: number }[];
    let surveyPath: string | undefined;
    for (const item of items) {
      const text = ((await (await staff.request.get(`/api/mailbox/${item.id}`)).json()) as { text: string }).text;
      surveyPath = /(\/surveys\/respond\?t=[\w.-]+)/.exec(text)?.[1] ?? surveyPath;
    }
    expect(surveyPath, 'a survey link in one of the mails').toBeDefined();

    const visitor = await browser.newContext({ baseURL: rebound.url, viewport: { width: 390, height: 844 }, locale: 'uk-UA' });
    const page = await visitor.newPage();
    await page.goto(surveyPath!);
    await page.locator('input[name="q_csat"][value="5"]').check();
    await page.locator('input[name="q_ces"][value="6"]').check();
    await page.locator('input[name="q_nps"][value="9"]').check();
    await screenshot(page, 'complaint-06-survey');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator('button[type="submit"]').click();
    // The survey speaks the customer's own language (from their record), whichever of the four it is.
    await page.getByText(/Thank you for your answers|Спасибо за ваши ответы|Дякуємо за ваші відповіді|Tack för dina svar/).waitFor();
    await visitor.close();

    const cases = (await (await staff.request.get('/api/cases?type=complaint')).json()).items as { id: number; business_key: string }[];
    const caseId = cases.find((c) => c.business_key === reference)!.id;
    await expect.poll(async () => (await (await staff.request.get(`/api/cases/${caseId}`)).json()).case.status, { timeout: 20_000 }).toBe('closed');

    const context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    const console_ = await context.newPage();
    await console_.goto('/console/complaints');
    await signIn(console_, MANAGER);
    await expect.poll(() => console_.locator('.stat-card', { hasText: 'CSAT' }).locator('.stat-value').textContent()).toMatch(/^100\s?%$/);
    await expect.poll(() => console_.locator('.stat-card', { hasText: 'Survey answers' }).locator('.stat-value').textContent()).toContain('1');
    await check(console_, 'complaint-07-report');
    const report = (await (await staff.request.get('/api/complaints/report')).json()) as {
      funnel: { stage: string; status: string; complaints: number }[];
      sla: { first_response_met: number; first_response_missed: number; first_reply_sent: number; first_reply_not_sent: number };
    };
    expect(report.funnel).toContainEqual({ stage: 'done', status: 'closed', complaints: 1 });
    // The reply that reached the customer is counted; on time or late depends on the business
    // calendar and the weekday the test runs (a day on the clock may be no business day at all).
    expect(report.sla).toMatchObject({ first_reply_sent: 1, first_reply_not_sent: 0 });
    expect(report.sla.first_response_met + report.sla.first_response_missed).toBe(1);
    await context.close();
  });

  it('warns the agent that a reply cannot reach a customer with no e-mail or phone, and takes the phone call they made instead', async () => {
    // A customer the call centre knows only by name: no e-mail, no phone on file.
    const imported = await staff.request.post('/api/imports/customers', {
      headers: { 'content-type': 'application/x-ndjson' },
      data: `${JSON.stringify({ external_id: 'browser-unreachable-1', name: 'Ivy Unreachable' })}\n`,
    });
    expect(imported.status(), await imported.text()).toBe(200);
    const [customer] = (await (await staff.request.get('/api/customers?q=Ivy%20Unreachable')).json()).items as { id: number }[];
    const registered = await staff.request.post('/api/complaints', {
      data: { channel: 'store', category: 'service', essence: 'The cashier refused my coupon and shouted at me.', customer_id: customer!.id },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const { reference: unreachableRef } = (await registered.json()) as { reference: string };
    let task: { id: number } | undefined;
    await expect.poll(async () => {
      [task] = (await (await staff.request.get(`/api/tasks?businessKey=${unreachableRef}&status=open`)).json()).items as { id: number }[];
      return task?.id ?? null;
    }, { timeout: 20_000 }).not.toBeNull();

    const context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`/console/tasks/${task!.id}`);
    await signIn(page, AGENT);
    await page.getByRole('heading', { level: 1, name: 'Reply to the customer' }).waitFor();
    await page.getByRole('button', { name: 'Claim' }).click();
    const warning = page.getByTestId('reply-route');
    await expect.poll(() => warning.textContent()).toContain('This reply cannot be sent:');
    expect(await warning.textContent()).toContain('not by e-mail (no address on file); not by SMS (no address on file)');
    expect(await warning.textContent()).toContain('Reach the customer by phone or letter');
    await page.getByLabel('First reply to the customer').fill('We are sorry: the store manager will call you today and honour the coupon.');
    expect(await page.locator('section.task-context .timeline-summary').allTextContents()).not.toContain('variables changed');
    await check(page, 'complaint-08-reply-cannot-be-sent');

    // Completing with "Rebound sends it" is refused, and says why: nothing was completed.
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.locator('.alert-error').filter({ hasText: 'this reply cannot be sent' }).waitFor();
    await screenshot(page, 'complaint-09-reply-refused');
    expect((await (await staff.request.get(`/api/tasks/${task!.id}`)).json()).status).toBe('open');

    await page.getByLabel('I phoned the customer and told them').check();
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    const cases = (await (await staff.request.get('/api/cases?type=complaint')).json()).items as { id: number; business_key: string }[];
    const caseId = cases.find((c) => c.business_key === unreachableRef)!.id;
    await expect.poll(async () => ((await (await staff.request.get(`/api/cases/${caseId}/comments`)).json()) as { body: string }[]).map((c) => c.body).join('\n'), { timeout: 20_000 })
      .toContain('First reply given to the customer by phone call:');
    await context.close();
  });
});

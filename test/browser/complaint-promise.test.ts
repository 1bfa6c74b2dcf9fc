/**
 * Issue 11 in a real Chromium: the public complaint page promises what the case's SLA says
 * — the target before writing, the case's own first-response deadline after, in the
 * reader's time zone — and the case page shows that a British customer's case counts on the
 * British calendar, and why. The server runs on the wall clock, so nothing here expects a
 * fixed time: the page's promise is compared with the case's deadline as the API gives it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

describe.skipIf(noChromium || postgresPass)("the complaint page's promise and the case's calendar", () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let staff: BrowserContext;
  let buyer: { email: string; order: string; region: string | null };
  let caseId: number;
  const check = async (page: Page, name: string) => {
    await screenshot(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 150, orders: 900 }), launchChromium()]);
    staff = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    expect((await staff.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    // A customer in England (not Scotland or Northern Ireland, whose calendars differ) with an e-mail and an order.
    const customers = (await (await staff.request.get('/api/customers?country=GB&limit=100')).json()).items as { id: number; email: string | null; region: string | null }[];
    for (const customer of customers.filter((c) => c.email && !['Scotland', 'Northern Ireland'].includes(c.region ?? ''))) {
      const orders = ((await (await staff.request.get(`/api/customers/${customer.id}`)).json()) as { orders: { external_id: string }[] }).orders;
      if (orders.length) {
        buyer = { email: customer.email!, order: orders[0]!.external_id, region: customer.region };
        break;
      }
    }
    expect(buyer, 'the demo has a customer in England with an e-mail and an order').toBeDefined();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
  });

  it("promises on the public page the case's own first-response deadline, in the reader's time zone", async () => {
    const visitor = await browser.newContext({ baseURL: rebound.url, viewport: { width: 390, height: 844 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await visitor.newPage();
    await page.goto('/p/complaint?lang=en');
    // The target of the complaint SLA policy (4 business hours), from the server, not "24 hours".
    await expect.poll(() => page.locator('.complaint-promise').textContent()).toBe('We read every complaint and answer within 4 hours of working time.');
    await page.getByLabel('Order number').fill(buyer.order);
    await page.getByLabel('E-mail used for the order').fill(buyer.email);
    await page.getByLabel('What is it about?').selectOption('delivery');
    await page.getByLabel('What happened').fill('The parcel came three days after the promised day.');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('status').locator('.claim-voucher').textContent()).toMatch(/^CMP-\d{6}$/);
    const reference = (await page.getByRole('status').locator('.claim-voucher').textContent())!;

    const cases = (await (await staff.request.get('/api/cases?type=complaint')).json()).items as { id: number; business_key: string }[];
    caseId = cases.find((c) => c.business_key === reference)!.id;
    const detail = await (await staff.request.get(`/api/cases/${caseId}`)).json();
    expect(detail.sla.calendar).toMatchObject({ id: 'gb-london', basis: 'customer_country', holiday_region: 'GB-ENG' });
    // The deadline as this browser formats it for a reader in London (en → en-GB, web/src/i18n): the page must say exactly that.
    const due = await page.evaluate((iso) => new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso)), detail.case.first_response_due_at as string);
    expect(await page.getByRole('status').locator('.complaint-promise').textContent()).toBe(`We will answer by ${due} (your time zone).`);
    await check(page, 'complaint-promise-01-public-en');
    await visitor.close();
  });

  it("shows on the case which calendar its SLA counts on and why, and the calendar settings", async () => {
    const page = await staff.newPage();
    await page.goto(`/console/cases/${caseId}`);
    const calendar = page.locator('dd.case-calendar');
    await expect.poll(() => calendar.textContent()).toContain('London office, Mon–Fri 09:00–17:30, England and Wales bank holidays');
    expect(await calendar.textContent()).toContain(`the customer's country (GB${buyer.region ? ` / ${buyer.region}` : ''})`);
    expect(await calendar.textContent()).toContain('holidays GB-ENG, time zone Europe/London');
    await check(page, 'complaint-promise-02-case-calendar');

    await page.goto('/console/settings/calendars');
    await page.getByRole('heading', { level: 1, name: 'Business calendars' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'SLA calendar of Complaint' }).inputValue()).toBe('customer');
    expect(await page.getByRole('combobox', { name: 'SLA calendar of Delivery incident' }).inputValue()).toBe('team');
    await expect.poll(() => page.getByRole('cell', { name: 'Scotland, Mon–Fri 09:00–17:30, Scottish bank holidays' }).count()).toBe(1);
    await check(page, 'complaint-promise-03-calendar-settings');
    await page.close();
  });
});

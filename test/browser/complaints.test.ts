/**
 * Complaints in a real Chromium against the real server: a customer complains on the public
 * page in Ukrainian (the order is verified against their e-mail), and the support lead sees
 * it counted on the console's complaints screen.
 */
import type { Browser, BrowserContext } from 'playwright-core';
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

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 200, orders: 1500 }), launchChromium()]);
    staff = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    expect((await staff.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const customers = (await (await staff.request.get('/api/customers?limit=50')).json()).items as { id: number; email: string | null }[];
    for (const customer of customers.filter((c) => c.email)) {
      const orders = (await (await staff.request.get(`/api/customers/${customer.id}`)).json()).orders as { external_id: string }[];
      if (orders.length) {
        buyer = { email: customer.email!, order: orders[0]!.external_id };
        break;
      }
    }
    expect(buyer, 'the demo has a customer with an e-mail and an order').toBeDefined();
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
    await page.getByRole('button', { name: 'Надіслати' }).click();
    await expect.poll(() => page.getByRole('status').locator('.claim-voucher').textContent()).toMatch(/^CMP-\d{6}$/);
    reference = (await page.getByRole('status').locator('.claim-voucher').textContent())!;
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
  });
});

/**
 * Issue 18 in a real Chromium: the administrator sees the Privacy card on a customer's page
 * (download, view as a page, request erasure) and Settings → Privacy (the retention policy,
 * the next run, run now).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing.`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

describe.skipIf(noChromium || postgresPass)('privacy in the console', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 60, orders: 400, scenes: false }), launchChromium()]);
    context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1280, height: 900 } });
    expect((await context.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    page = await context.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
  });

  it('shows the Privacy card on a customer page, whose download is the ZIP and whose erasure request opens the process', async () => {
    const customers = (await (await context.request.get('/api/customers?limit=1')).json()).items as { id: number }[];
    await page.goto(`/console/customers/${customers[0]!.id}`);
    const card = page.getByRole('region', { name: 'Privacy' });
    await card.waitFor();
    const download = card.getByRole('link', { name: 'Download their data (ZIP)' });
    expect(await download.getAttribute('href')).toBe(`/api/privacy/customers/${customers[0]!.id}/export`);
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Request erasure' }).click();
    await card.getByText('Identity check').waitFor();
    await screenshot(page, 'privacy-customer-card');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows the retention policy and the next run in Settings → Privacy, and runs it on demand', async () => {
    await page.goto('/console/settings/privacy');
    await page.getByRole('heading', { name: 'Retention' }).waitFor();
    expect(await page.getByLabel('Message bodies and mailbox copies: Kept for (days)').inputValue()).toBe('90');
    await page.getByText(/^Next run: /).waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText(/^Last run: /).waitFor();
    await screenshot(page, 'privacy-settings');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

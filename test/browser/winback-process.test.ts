/**
 * The win-back process in a real Chromium against the real server: a customer's win-back
 * started by API, the reason task shows their history beside the form; "survey needed" leads to
 * the call survey, whose script the manager walks by clicking; the reason found waits on its
 * cause, and the reasons screen counts them and releases them when the cause is eliminated.
 * axe-core checks every screen; screenshots land in test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(noChromium || postgresPass)('win-back in Chromium: reason task with history, call survey, causes and release', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let businessKey: string;
  const pageErrors: string[] = [];

  async function check(target: Page, name: string): Promise<void> {
    await screenshot(target, name);
    expect(await seriousAccessibilityViolations(target), `accessibility of ${name}`).toEqual([]);
  }
  const openTask = async () => {
    const tasks = (await (await context.request.get(`/api/tasks?businessKey=${encodeURIComponent(businessKey)}&status=open`)).json()).items as { id: number; activityId: string }[];
    return tasks[0];
  };

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 200, orders: 1500 }), launchChromium()]);
    context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    context.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    expect((await context.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const customers = (await (await context.request.get('/api/customers?limit=5')).json()).items as { id: number }[];
    const started = await context.request.post('/api/winback/instances', { data: { customerId: customers[0]!.id } });
    expect(started.status(), await started.text()).toBe(201);
    businessKey = (await started.json()).businessKey;
    await waitUntil(async () => (await openTask())?.activityId === 'determineReason', 'the reason task');
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('shows the customer history beside the reason task, and walks the call script on the survey', async () => {
    await page.goto(`/console/tasks/${(await openTask())!.id}`);
    await page.getByRole('heading', { level: 1, name: 'Determine the reason for leaving' }).waitFor();
    await page.getByRole('heading', { name: 'Customer history' }).waitFor();
    await page.getByRole('heading', { name: /^Orders \(\d+\)$/ }).waitFor();
    await page.getByLabel('Reached', { exact: true }).check();
    await screenshot(page, 'winback-01-reason-task');
    // The reason list and the customer's words show once they were reached (form-js conditionals).
    await page.getByText('What the customer said').waitFor();
    await page.locator('.fjs-form-field-select').getByText('Reason for leaving').waitFor();
    await check(page, 'winback-01-reason-task');

    const reasonTask = await openTask();
    const done = await context.request.post(`/api/tasks/${reasonTask!.id}/complete`, { data: { data: { contactResult: 'reached', reason: 'survey_needed' } } });
    expect(done.status(), await done.text()).toBe(204);
    await waitUntil(async () => (await openTask())?.activityId === 'callSurvey', 'the call survey');
    await page.goto(`/console/tasks/${(await openTask())!.id}`);
    await page.getByRole('heading', { name: 'Call script' }).waitFor();
    await page.getByRole('button', { name: 'Yes, elsewhere' }).click();
    await page.getByRole('button', { name: 'Too expensive' }).click();
    await page.getByRole('button', { name: 'Record the answers' }).click();
    await page.getByText('Recorded. The answers give the reason: Price.').waitFor();
    await check(page, 'winback-02-call-survey');
    await page.getByLabel('Reached', { exact: true }).check();
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
  });

  it('counts the customers waiting on each reason, and releases them when the cause is eliminated', async () => {
    await waitUntil(async () => ((await (await context.request.get('/api/winback/reasons')).json()).items as { key: string; waiting: number }[]).find((r) => r.key === 'price')!.waiting === 1, 'the customer waiting on price');
    await page.goto('/console/winback/reasons');
    await page.getByRole('heading', { level: 1, name: 'Reasons for leaving' }).waitFor();
    const price = page.locator('tr', { has: page.getByRole('rowheader', { name: 'Price' }) });
    expect(await price.locator('td.num').textContent()).toBe('1');
    await check(page, 'winback-03-reasons');
    await price.getByLabel('Cause').selectOption('eliminated');
    await price.getByLabel('Note').fill('prices matched to the market');
    await price.getByRole('button', { name: 'Set' }).click();
    await price.getByText('Waiting customers released into the offer: 1.').waitFor();
    // The table reloads after the answer: the count drops to none waiting.
    await expect.poll(() => price.locator('td.num').textContent()).toBe('0');
    await check(page, 'winback-04-released');
  });
});

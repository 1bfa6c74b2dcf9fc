/**
 * Win-back segments in a real Chromium (issue 14, points 3–4): a CRM manager writes a filter,
 * previews its counts and sample members, binds a process with a control group, saves, and
 * sees the entries started by the worker in the segment's report.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

const FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-browser-winback" targetNamespace="urn:test">
  <process id="browser-winback" name="Browser win-back" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <userTask id="call" name="Call the customer"/>
    <sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

describe.skipIf(noChromium || postgresPass)('win-back segments in the console', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 300, orders: 3000 }), launchChromium()]);
    context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    context.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    expect((await context.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const deployed = await context.request.post('/api/processes', { headers: { 'content-type': 'application/xml' }, data: FIXTURE });
    expect(deployed.status(), await deployed.text()).toBe(201);
    // The server recomputes the metrics of the new demo at start: wait for that run.
    for (let waited = 0; !(await (await context.request.get('/api/winback/metrics/runs/latest')).json()).run; waited += 250) {
      if (waited > 60_000) throw new Error(`no metrics run within a minute of start:\n${rebound.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    page = await context.newPage();
  }, 320_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('refuses a filter naming an unknown field, previews a good one, and saves it bound to a process with a control group', async () => {
    await page.goto('/console/segments');
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByLabel('Name').fill('Lapsed this quarter');
    const filter = page.getByLabel('Filter', { exact: true });
    await filter.fill('recency_days >= 30 AND revenue >= 100');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unknown field "revenue"');

    await filter.fill('recency_days >= 30 AND lifetime_revenue_minor >= 100');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('.segment-preview').textContent()).toMatch(/\d+ of 300 customers/);
    const matching = Number((await page.locator('.segment-preview strong').textContent())!.split(' ')[0]!.replace(/\D/g, ''));
    expect(matching).toBeGreaterThan(0);
    await page.getByLabel('Process', { exact: true }).selectOption('browser-winback');
    await page.getByLabel('Control group (%)').fill('10');
    await screenshot(page, 'segments-01-editor-preview');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Save segment' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Saved version 1: ${matching} entered`);
    await page.waitForURL(/\/console\/segments\/\d+$/);
    // The worker starts the treated entries within seconds; the report counts them.
    await expect.poll(async () => {
      await page.reload();
      const started = await page.locator('.stat-card', { hasText: 'Process started' }).locator('.stat-value').textContent().catch(() => null);
      const control = await page.locator('.stat-card', { hasText: 'Control group' }).locator('.stat-value').textContent().catch(() => null);
      return started !== null && control !== null && Number(started) + Number(control) === matching;
    }, { timeout: 30_000 }).toBe(true);
    await screenshot(page, 'segments-02-report');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.goto('/console/segments');
    await expect.poll(() => page.getByRole('link', { name: 'Lapsed this quarter' }).count()).toBe(1);
    await screenshot(page, 'segments-03-list');
  });
});

/**
 * The process and decision screens in a real Chromium against the real server: a designer
 * edits the shipped review process in the bpmn-js modeler (a rename by direct editing, a
 * FEEL condition the engine refuses, then a valid one), deploys it as version 2, draws a
 * new process from an empty diagram, follows an instance on the viewer with its waiting
 * task highlighted, and edits and evaluates the compensation decision in dmn-js.
 * Screenshots land in test-results/screenshots/ (modeler-*.png).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeXml } from '../../src/engine/model/decode-xml.ts';
import { corpus } from '../corpora.ts';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

describe.skipIf(noChromium || postgresPass)('process modeler, instance viewer and decision editor in Chromium', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let admin: BrowserContext;
  let designer: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  async function newContext(locale = 'en-GB'): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale });
    context.on('page', (p) => {
      p.on('pageerror', (error) => pageErrors.push(error.message));
      // The modelers must work under the console's Content-Security-Policy: a refused style,
      // font or script shows up here.
      p.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
      });
    });
    return context;
  }

  async function signIn(context: BrowserContext, email: string, password: string): Promise<void> {
    const response = await context.request.post('/api/auth/login', { data: { email, password } });
    expect(response.status()).toBe(200);
  }

  /** A click on the canvas where nothing is drawn (bottom middle): ends editing, clears the selection. */
  async function clickEmptyCanvas(): Promise<void> {
    const canvas = page.locator('.djs-container svg').first();
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width / 2, y: box.height - 15 } });
  }

  async function check(target: Page, name: string): Promise<void> {
    await screenshot(target, name);
    expect(await seriousAccessibilityViolations(target), `accessibility of ${name}`).toEqual([]);
  }

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 40, orders: 200 }), launchChromium()]);
    admin = await newContext();
    await signIn(admin, rebound.adminEmail, rebound.adminPassword);
    for (const [email, roles] of [['dana@browser.test', ['designer']], ['vic@browser.test', ['viewer']]] as const) {
      const created = await admin.request.post('/api/users', { data: { email, name: email.split('@')[0], password: 'modeler tests 2026', roles } });
      expect(created.status(), await created.text()).toBe(201);
    }
    designer = await newContext();
    await signIn(designer, 'dana@browser.test', 'modeler tests 2026');
    page = await designer.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('lists the deployed processes for a designer', async () => {
    await page.goto('/console');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Processes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Processes' }).waitFor();
    const review = page.locator('table.data-table tbody tr').filter({ has: page.locator('code', { hasText: /^review$/ }) });
    await review.waitFor();
    expect(await review.locator('td').nth(2).textContent()).toBe('1');
    await page.getByRole('link', { name: 'New process' }).waitFor();
    await check(page, 'modeler-01-processes');
  });

  it('edits the review process in the modeler, shows the refusal of a bad condition, then deploys version 2', async () => {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    await page.getByRole('link', { name: 'Edit model' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit “Review”' }).waitFor();

    // review.bpmn has no diagram of its own: the console lays it out, then bpmn-js draws it.
    const task = page.locator('.djs-element[data-element-id="reviewTask"]');
    await task.waitFor();
    await page.locator('.djs-palette').waitFor();

    // Rename the user task by direct editing, as a designer would: double-click and type.
    await task.dblclick();
    const editing = page.locator('.djs-direct-editing-parent');
    await editing.waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Review the request');
    await clickEmptyCanvas();
    await expect.poll(() => task.locator('text').textContent()).toBe('Review the request');

    // A condition the engine cannot parse: the deploy is refused and says where.
    await page.locator('.djs-element[data-element-id="toNotify_label"]').click();
    const condition = page.getByLabel('Condition (FEEL)');
    expect(await condition.inputValue()).toBe('decision = "approve"');
    await condition.fill('decision = "approve');
    await page.getByRole('button', { name: 'Deploy as new version' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The engine refused this model' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/invalid FEEL condition at toNotify/);
    await check(page, 'modeler-02-refused');

    await clickEmptyCanvas();
    await page.locator('.djs-element[data-element-id="toNotify_label"]').click();
    await page.getByLabel('Condition (FEEL)').fill('decision = "approve"');
    await page.getByRole('button', { name: 'Deploy as new version' }).click();
    await page.getByText('Deployed review as version 2.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await check(page, 'modeler-03-deployed');

    await page.getByRole('link', { name: 'See versions and instances' }).click();
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.locator('tbody tr', { hasText: 'version 2' }).waitFor();
    expect(await versions.locator('tbody tr').count()).toBe(2);
    expect(await versions.locator('tbody tr').first().textContent()).toContain('dana@browser.test');
  });

  it('opens an instance on the viewer with the task it waits at highlighted', async () => {
    // Starting instances is an operator's right, not a designer's: the admin starts one.
    const started = await admin.request.post('/api/processes/review/instances', { data: { businessKey: 'case-7', variables: { requestedBy: 'ann' } } });
    expect(started.status(), await started.text()).toBe(201);
    const { instanceId, version } = (await started.json()) as { instanceId: number; version: number };
    expect(version).toBe(2);

    await page.goto('/console/processes/review');
    const instanceLink = page.getByRole('link', { name: `#${instanceId}` });
    await instanceLink.waitFor();
    await check(page, 'modeler-04-process');
    await instanceLink.click();
    await page.getByRole('heading', { level: 1, name: `Instance #${instanceId}` }).waitFor();
    const waiting = page.locator('.djs-element.rb-waiting[data-element-id="reviewTask"]');
    await waiting.waitFor();
    expect(await waiting.locator('text').textContent()).toBe('Review the request');
    expect(await page.locator('.djs-element.rb-waiting').count()).toBe(2); // the task and its SLA timer
    expect(await page.locator('.djs-element.rb-visited[data-element-id="requested"]').count()).toBe(1);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(1);
    expect(await page.locator('.variables').textContent()).toContain('"requestedBy": "ann"');
    await check(page, 'modeler-05-instance');
  });

  it('draws a new process from an empty diagram and deploys it', async () => {
    await page.goto('/console/processes');
    await page.getByRole('link', { name: 'New process' }).click();
    await page.getByRole('heading', { level: 1, name: 'New process' }).waitFor();
    const start = page.locator('.djs-element[data-element-id="start"]');
    await start.waitFor();
    // Nothing selected: the panel edits the process itself, whose id is the key.
    await page.getByLabel('Key (process id)').fill('browser-made');
    await page.keyboard.press('Enter');
    await page.getByLabel('Name').fill('Made in the browser');
    await page.keyboard.press('Enter');
    // Append a task and an end event with the context pad.
    await start.click();
    await page.locator('.djs-context-pad .entry[data-action="append.append-task"]').click();
    await expect.poll(() => page.locator('.djs-element.djs-shape[data-element-id^="Activity_"]').count()).toBe(1);
    await page.locator('.djs-context-pad .entry[data-action="append.end-event"]').click();
    await expect.poll(() => page.locator('.djs-element.djs-shape[data-element-id^="Event_"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Deploy as new version' }).click();
    await page.getByText('Deployed browser-made as version 1.').waitFor();
    await check(page, 'modeler-06-new-process');
    await page.goto('/console/processes');
    await page.getByRole('link', { name: 'Made in the browser' }).waitFor();
  });

  it("opens another modeler's non-executable model (MIWG C.8.0) for viewing, with what cannot run listed by line", async () => {
    const xml = decodeXml(readFileSync(corpus('bpmn-miwg', 'C.8.0.bpmn')));
    const deployed = await designer.request.post('/api/processes', { headers: { 'content-type': 'application/xml' }, data: xml });
    expect(deployed.status(), await deployed.text()).toBe(201);
    expect(await deployed.json()).toMatchObject({ processId: 'VacationRequestProcess', executable: false });
    await page.goto('/console/processes/VacationRequestProcess/edit');
    const notice = page.getByRole('status').filter({ hasText: 'Stored for viewing' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/line 381, _a97c1a48-faba-447b-bfa6-7aa81a6fe0a0: bpmn:SendTask at/);
    await page.locator('.djs-element[data-element-id="_a97c1a48-faba-447b-bfa6-7aa81a6fe0a0"]').waitFor();
    await check(page, 'modeler-06b-miwg-viewable');
    await page.goto('/console/processes/VacationRequestProcess');
    await page.getByRole('heading', { name: /^Diagram of version 1$/ }).waitFor();
    await expect.poll(() => page.locator('.djs-element.djs-shape').count()).toBeGreaterThan(10);
    await check(page, 'modeler-06c-miwg-process');
  });

  it('edits the compensation decision in dmn-js, deploys it and evaluates a test input', async () => {
    await page.goto('/console/decisions');
    await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
    await check(page, 'modeler-07-decisions');
    await page.getByRole('link', { name: 'Recall compensation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recall compensation' }).waitFor();
    const cell = page.locator('td[data-element-id="rule-gold-percent"] [contenteditable]');
    await cell.waitFor();

    // Evaluate the shipped version: a gold customer gets a voucher of 150 %, rule 2.
    await page.getByLabel('Loyalty tier').selectOption('gold');
    await page.getByLabel('Units bought').fill('2');
    await page.getByLabel('Years as customer').fill('1');
    await page.getByLabel('Channel').selectOption('store');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    const result = page.locator('.evaluate-result');
    await expect.poll(() => result.locator('dd').allTextContents()).toEqual(['"voucher"', '150']);
    expect(await result.locator('.matched-rules li').textContent()).toContain('Rule 2 rule-gold');
    await check(page, 'modeler-08-decision-evaluated');

    // Edit the gold rule's value in the table and deploy: the next evaluation uses version 2.
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('160');
    await page.getByRole('heading', { name: 'Decision table' }).click();
    await page.getByRole('button', { name: 'Deploy as new version' }).click();
    await page.getByText('Deployed as version 2.').waitFor();
    await page.getByText('Evaluates the deployed version 2').waitFor();
    await page.getByLabel('JSON').check();
    await page.getByLabel('Input (a JSON object)').fill('{ "tier": "gold", "unitsBought": 2, "yearsAsCustomer": 1, "channel": "online" }');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => result.locator('dd').allTextContents()).toEqual(['"voucher"', '160']);
    await check(page, 'modeler-09-decision-deployed');
  });

  it('lets a viewer look but not edit', async () => {
    const context = await newContext();
    await signIn(context, 'vic@browser.test', 'modeler tests 2026');
    const viewer = await context.newPage();
    // The shipped recall process draws its own diagram (review.bpmn gets a generated one).
    await viewer.goto('/console/processes/recall');
    await viewer.getByRole('heading', { name: /^Diagram of version \d+$/ }).waitFor();
    await expect.poll(() => viewer.locator('.djs-element.djs-shape').count()).toBeGreaterThan(5);
    expect(await viewer.locator('.djs-palette').count()).toBe(0);
    await check(viewer, 'modeler-10-viewer-process');
    await viewer.goto('/console/processes/review');
    await viewer.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    expect(await viewer.getByRole('link', { name: 'Edit model' }).count()).toBe(0);
    await viewer.goto('/console/processes/review/edit');
    await viewer.getByRole('heading', { level: 1, name: 'Not available for your role' }).waitFor();
    await viewer.goto('/console/decisions/recall-compensation-definitions');
    await viewer.locator('td[data-element-id="rule-gold-percent"]').waitFor();
    expect(await viewer.getByRole('button', { name: 'Deploy as new version' }).count()).toBe(0);
    expect(await viewer.getByRole('heading', { name: 'Try it' }).count()).toBe(0);
    await check(viewer, 'modeler-11-viewer-decision');
    await context.close();
  });

  it('speaks Russian on the process screens', async () => {
    const context = await newContext('ru-RU');
    await signIn(context, 'dana@browser.test', 'modeler tests 2026');
    const russian = await context.newPage();
    await russian.goto('/console/processes/review/edit');
    await russian.getByRole('heading', { level: 1, name: 'Изменение «Review»' }).waitFor();
    await russian.locator('.djs-element[data-element-id="reviewTask"]').waitFor();
    await russian.getByRole('button', { name: 'Развернуть новую версию' }).waitFor();
    await check(russian, 'modeler-12-modeler-ru');
    await context.close();
  });
});

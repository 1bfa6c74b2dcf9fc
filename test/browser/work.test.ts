/**
 * The work screens in a real Chromium against the real server: a manager signs in, claims
 * a review task offered to their role and completes it through its form-js form, comments
 * on a case and finds the comment on its timeline, looks through the outbox (retrying a
 * dead letter) and the demo mailbox, and edits a template while the preview follows.
 * axe-core checks every screen; screenshots land in test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

/** expect.poll belongs in tests; the set-up waits for the delivery workers this way. */
async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const MANAGER = { email: 'maria@browser.test', password: 'manager password 2026', name: 'Maria Manager' };

describe.skipIf(noChromium || postgresPass)('work screens in Chromium: tasks, cases, messages, mailbox, templates', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseId: number;
  const pageErrors: string[] = [];

  async function check(target: Page, name: string): Promise<void> {
    await screenshot(target, name);
    expect(await seriousAccessibilityViolations(target), `accessibility of ${name}`).toEqual([]);
  }

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 200, orders: 1500 }), launchChromium()]);
    // The admin prepares the day through the API: a manager, two reviews waiting for the
    // agent or manager role, a case, and a send that fills the outbox and the mailbox.
    const admin = await browser.newContext({ baseURL: rebound.url });
    expect((await admin.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const user = await admin.request.post('/api/users', { data: { ...MANAGER, roles: ['manager'] } });
    expect(user.status(), await user.text()).toBe(201);
    for (const businessKey of ['REV-1001', 'REV-1002']) {
      const started = await admin.request.post('/api/processes/review/instances', { data: { businessKey, variables: { requestedBy: 'ann' } } });
      expect(started.status(), await started.text()).toBe(201);
    }
    const customers = (await (await admin.request.get('/api/customers?limit=60')).json()).items as { id: number; name: string }[];
    const opened = await admin.request.post('/api/cases', {
      data: {
        type: 'complaint',
        title: 'Oat drink tasted sour',
        description: 'The customer says the pack was swollen when opened.\nLot printed on the cap.',
        priority: 'high',
        department: 'Customer service',
        links: [{ kind: 'customer', id: customers[0]!.id }],
      },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    caseId = (await opened.json()).id;
    const sent = await admin.request.post('/api/comms/sends', {
      data: {
        template_key: 'recall.notice',
        channels: ['email', 'sms'],
        campaign: 'browser-recall',
        reason: 'browser test',
        safety: true,
        customer_ids: customers.map((c) => c.id),
        variables: {
          product_name: 'Oat drink 1 l', lot_code: 'L2401', store_name: 'Central Store', purchase_date: '2026-10-01',
          cause: 'possible presence of foreign bodies', instructions: 'Do not drink it; return it to any store.',
          offer: 'a full refund', recall_url: 'https://example.com/recalls/42',
        },
      },
    });
    expect(sent.status(), await sent.text()).toBe(200);
    // Without an SMS gateway every SMS fails for good: dead letters to retry.
    const total = async (path: string) => ((await (await admin.request.get(path)).json()) as { total: number }).total;
    await waitUntil(async () => (await total('/api/comms/dead-letters?limit=1')) > 0 && (await total('/api/mailbox?limit=1')) > 0, 'dead letters and mail');
    await admin.close();

    context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    context.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('signs in, claims a review offered to my role and completes it through its form', async () => {
    await page.goto('/console/tasks');
    await page.getByLabel('E-mail').fill(MANAGER.email);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Task inbox' }).waitFor();
    await page.getByText('No tasks are assigned to you.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'My groups' }).click();
    await page.getByText('2 tasks').waitFor();
    const rows = page.locator('table.data-table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Agent, Manager');
    await check(page, 'work-01-tasks-offered');

    await page.getByRole('button', { name: 'Claim task Review' }).first().click();
    await page.getByRole('status').filter({ hasText: 'You claimed “Review”' }).waitFor();
    await page.getByText('1 task', { exact: true }).waitFor();

    // "My groups" also holds one task now (the other one): wait for the claimed one to arrive.
    await page.getByRole('button', { name: 'Mine' }).click();
    await expect.poll(() => rows.first().textContent()).toContain(MANAGER.email);
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    await page.getByLabel('Approve').waitFor();
    await check(page, 'work-02-task-form');

    // form-js checks the form in the browser first: the decision is required.
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByText('Check the highlighted fields.').waitFor();
    await page.getByLabel('Approve').check();
    await page.getByLabel('Comment').fill('Looks fine, approve the refund.');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByRole('status').filter({ hasText: 'Task completed.' }).waitFor();
    await page.getByText(`Completed by ${MANAGER.email}`).waitFor();
    // The form's data became process variables.
    expect(await page.locator('.work-side').textContent()).toContain('Looks fine, approve the refund.');
    await check(page, 'work-03-task-completed');

    await page.goto('/console/tasks');
    await page.getByText('No tasks are assigned to you.', { exact: false }).waitFor();
  });

  it('filters cases on the server, opens one, and adds a comment that appears on its timeline', async () => {
    await page.goto('/console/cases');
    await page.getByText('1 case', { exact: true }).waitFor();
    await page.getByLabel('Priority').selectOption('low');
    await page.getByText('0 cases').waitFor();
    await page.getByLabel('Priority').selectOption('high');
    await page.getByLabel('Type').selectOption('complaint');
    await page.getByLabel('Stage').selectOption('registered');
    await page.getByText('1 case', { exact: true }).waitFor();
    expect(new URL(page.url()).search).toContain('priority=high');
    await check(page, 'work-04-cases');

    await page.getByRole('link', { name: /Oat drink tasted sour/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Oat drink tasted sour' }).waitFor();
    expect(page.url()).toContain(`/console/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByLabel('New comment').fill('Called the customer; photos of the pack are on their way.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    const timeline = page.locator('ol.case-timeline');
    await expect.poll(() => timeline.textContent()).toContain('Called the customer; photos of the pack are on their way.');
    expect(await page.locator('.comment-list').textContent()).toContain(MANAGER.email);
    expect(await page.getByLabel('New comment').inputValue()).toBe('');

    // Waiting for the customer moves the case on and pauses its SLA clock.
    await page.getByLabel('Stage').selectOption('investigating');
    await page.getByLabel('Status').selectOption('waiting_customer');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Paused since .* \(waiting for the customer\)$/).waitFor();
    await expect.poll(() => timeline.textContent()).toContain('Stage: Registered → Investigating');
    expect(await page.getByLabel('Status').inputValue()).toBe('waiting_customer');
    await check(page, 'work-05-case');
  });

  it('shows the outbox, retries a dead letter and opens a message', async () => {
    await page.goto('/console/messages');
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await page.locator('table.data-table tbody tr').first().waitFor();
    await page.getByLabel('Status').selectOption('failed');
    await expect.poll(() => page.url()).toContain('status=failed');
    await expect.poll(() => page.locator('table.data-table tbody tr').first().textContent()).toContain('Failed');
    await page.getByLabel('Status').selectOption('');
    // Long recipients (webhook URLs) and template keys wrap in their cells: every column stays in sight at 1360 px.
    const overflow = await page.locator('.table-wrap').first().evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth);
    expect(overflow, 'the outbox table is wider than its frame by').toBeLessThanOrEqual(0);
    await check(page, 'work-06-outbox');

    await page.getByRole('button', { name: 'Dead letters' }).click();
    const first = page.locator('table.data-table tbody tr').first();
    await first.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Retry selected (1)' }).click();
    await page.getByRole('status').filter({ hasText: '1 message is queued again.' }).waitFor();
    await check(page, 'work-07-dead-letters');

    // This campaign's messages only: the demo's own mail (the scheduled delivery sweep's delay
    // notices) may be queued at any minute and come first in the whole outbox.
    await page.goto('/console/messages?campaign=browser-recall');
    await page.locator('table.data-table tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Message \d+$/ }).waitFor();
    await page.getByRole('heading', { name: 'Why it exists' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('browser-recall');
    await check(page, 'work-08-message');
  });

  it('opens an e-mail in the demo mailbox, its HTML in a sandboxed frame without tracking; its link opens and counts no click', async () => {
    // The mailbox holds every customer's mail in full, codes and links included: the manager has no menu entry for it, the administrator opens it.
    await page.goto('/console');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Demo mailbox' }).count()).toBe(0);
    const adminContext = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
    adminContext.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    expect((await adminContext.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const mail = await adminContext.newPage();
    // The recall page the mail links to, served here: the test needs no internet.
    await adminContext.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Recall 42</title><h1>Recall 42</h1></html>' }));
    const engagement = async () => ((await (await mail.request.get('/api/comms/campaigns/browser-recall')).json()) as { counts: { status: string; n: number }[] }).counts
      .filter((c) => c.status === 'opened' || c.status === 'clicked');
    // Searched by subject: the demo's own mail (delay notices from the scheduled delivery sweep,
    // reminders) may arrive at any minute and come first in the list.
    await mail.goto('/console/mailbox?q=Oat%20drink%201%20l');
    await mail.getByRole('heading', { level: 1, name: 'Demo mailbox' }).waitFor();
    const link = mail.locator('table.data-table tbody tr', { hasText: 'Oat drink 1 l' }).first().getByRole('link');
    await link.waitFor();
    await check(mail, 'work-09-mailbox');
    await link.click();
    const frame = mail.locator('iframe.mail-frame');
    await frame.waitFor();
    // Scripts, forms and same-origin access stay off; links may open a new tab.
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const srcdoc = (await frame.getAttribute('srcdoc'))!;
    expect(srcdoc).toContain('Oat drink 1 l');
    expect(srcdoc).not.toContain('/comms/open');
    expect(srcdoc).not.toContain('/comms/click');
    await expect.poll(() => mail.frameLocator('iframe.mail-frame').locator('body').textContent()).toContain('L2401');
    expect(await mail.locator('pre.mail-text').textContent()).toContain('L2401');
    await mail.getByRole('heading', { name: 'Headers' }).waitFor();
    await check(mail, 'work-10-mail');

    // The operator follows the mail's link: the recall page opens in a new tab, straight, not through the click counter.
    const [recallPage] = await Promise.all([
      adminContext.waitForEvent('page'),
      mail.frameLocator('iframe.mail-frame').locator('a[href="https://example.com/recalls/42"]').click(),
    ]);
    await recallPage.getByRole('heading', { name: 'Recall 42' }).waitFor();
    expect(recallPage.url()).toBe('https://example.com/recalls/42');
    await screenshot(recallPage, 'work-10b-mail-link-opened');
    await recallPage.close();
    expect(await engagement(), 'opened or clicked messages after an operator read one').toEqual([]);
    await adminContext.close();
  });

  it('edits a template: the preview follows the typing, an unknown variable is refused next to its field', async () => {
    await page.goto('/console/templates');
    await page.getByRole('link', { name: 'Edit recall.notice in English' }).click();
    await page.getByRole('heading', { level: 1, name: 'recall.notice · English' }).waitFor();
    const subject = page.locator('[data-testid="preview-subject"]');
    await expect.poll(() => subject.textContent()).toBe('Important safety notice: Oat drink 1 l');

    await page.getByLabel('E-mail subject').fill('Please read: {{product_name}} lot {{lot_code}} is recalled');
    await expect.poll(() => subject.textContent()).toBe('Please read: Oat drink 1 l lot L2401 is recalled');

    await page.getByLabel('SMS text').fill('Recall: {{product_name}} {{lot_cod}}');
    // The preview cannot fill a variable the key does not declare, and says so.
    await expect.poll(() => page.locator('.template-preview .alert-warning').textContent()).toContain('lot_cod');
    await page.getByRole('button', { name: 'Save' }).click();
    const smsError = page.locator('#template-sms_text-error');
    await expect.poll(() => smsError.textContent()).toBe('unknown variable {{lot_cod}}');
    expect(await page.getByLabel('SMS text').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'work-11-template-error');

    await page.getByLabel('SMS text').fill('Recall: {{product_name}}, lot {{lot_code}}. {{recall_url}}');
    await expect.poll(() => page.locator('.sms-bubble').textContent()).toBe('Recall: Oat drink 1 l, lot L2401. https://example.com/recalls/42');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();
    expect(await smsError.count()).toBe(0);
    await check(page, 'work-12-template');
  });

  it('shows the work screens in Russian', async () => {
    await page.getByLabel('Console language').selectOption('ru');
    await page.goto('/console/tasks?view=offered');
    await page.getByRole('heading', { level: 1, name: 'Задачи' }).waitFor();
    await page.getByText('1 задача', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Взять задачу «Review»' }).waitFor();
    await check(page, 'work-13-tasks-ru');
    await page.goto('/console/messages?view=dead');
    await page.getByRole('button', { name: 'Повторить все недоставленные' }).waitFor();
    await page.locator('table.data-table tbody tr').first().getByRole('checkbox', { name: /^Выбрать сообщение \d+$/ }).waitFor();
    await check(page, 'work-14-dead-letters-ru');
  });
});

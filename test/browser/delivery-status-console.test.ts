/**
 * Issue 15.5 (D2) and 15.7 in a real Chromium, through the console: a manager writes an
 * incident's public status page in English and Russian with a FAQ, is refused publishing
 * nothing, publishes, posts two timed updates (newest first), sees the subscriber count and
 * the public link, then opens the public page; the compensation panel shows the refusal
 * without management's approved budget. Screenshots for people to look at.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.ts';
import { addShipment } from '../../src/delivery/test/shipments.ts';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing.`);

describe.skipIf(noChromium)('a delivery incident\'s status page written in the console', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let incidentId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const manager = await t.login(['manager'], 'status-manager@example.com');
    const call = async (method: 'GET' | 'POST', path: string, payload?: unknown) => {
      const response = await t.app.inject({ method, url: path, headers: { cookie: manager }, payload: payload as never });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json();
    };
    await t.db.query(`INSERT INTO products (gtin, name) VALUES ('00012345678905', 'Headphones') ON CONFLICT DO NOTHING`);
    for (const [n, region] of [[1, 'Skåne'], [2, 'Halland']] as const) {
      const id = await addShipment(t.db, { external: `SC-${n}`, carrier: 'PostNord', shippedAt: '2026-11-05T09:00:00Z', promisedOn: '2026-11-09', estimatedOn: '2026-11-22', country: 'SE' });
      await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', destination_region = $2 WHERE id = $1`, [id, region]);
      await t.db.query(`UPDATE orders SET currency = 'SEK' WHERE id = (SELECT order_id FROM shipments WHERE id = $1)`, [id]);
      await t.db.query(`INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency) SELECT (SELECT order_id FROM shipments WHERE id = $1), 1, id, 1, 20000, 'SEK' FROM products WHERE gtin = '00012345678905'`, [id]);
    }
    await call('POST', '/api/delivery/sweep');
    incidentId = (await call('POST', '/api/delivery/incidents', { cause_kind: 'carrier', cause_value: 'PostNord', title: 'PostNord release 4.2 mis-sorts' })).id;
    context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
    context.on('page', (p) => p.on('pageerror', (error) => pageErrors.push(error.message)));
    const [name, value] = manager.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  });

  it('writes the public texts per language, publishes, posts updates newest first, shows subscribers and the link', async () => {
    await page.goto('/console/delivery/incidents');
    await page.getByRole('link', { name: /^DI-/ }).first().click();
    await page.getByRole('heading', { name: 'Public status page' }).waitFor();
    // Publishing an empty page is refused, and the person is told which fields.
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('public title and summary');

    await page.getByLabel('Public title').fill('Late parcels with PostNord in southern Sweden');
    await page.getByLabel('What happened (public summary)').fill('Since 9 November, parcels sent with PostNord to southern Sweden arrive up to two weeks late.\n\nYour parcel is safe.');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 1').fill('Will I be compensated?');
    await page.getByLabel('Answer 1').fill('Yes: every late order gets its shipping cost back, without asking.');
    await page.getByRole('button', { name: 'Save the English text' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the English text.' }).waitFor();

    await page.getByRole('button', { name: 'Russian' }).click();
    await expect.poll(() => page.getByLabel('Public title').inputValue()).toBe('');
    await page.getByLabel('Public title').fill('Задержка посылок PostNord на юге Швеции');
    await page.getByLabel('What happened (public summary)').fill('С 9 ноября посылки PostNord на юг Швеции приходят с опозданием до двух недель.');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Question 1').fill('Будет ли компенсация?');
    await page.getByLabel('Answer 1').fill('Да: стоимость доставки вернём без заявлений.');
    await page.getByRole('button', { name: 'Save the Russian text' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the Russian text.' }).waitFor();
    // Back in English, what was saved is there.
    await page.getByRole('button', { name: /^English/ }).click();
    await expect.poll(() => page.getByLabel('Public title').inputValue()).toBe('Late parcels with PostNord in southern Sweden');

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('button', { name: 'Unpublish' }).waitFor();
    const link = page.getByRole('link', { name: /\/status\/di-/ });
    const url = await link.getAttribute('href');
    expect(url).toMatch(/\/status\/di-\d{8}-\d{3}-[0-9a-f]{8}$/);

    await page.getByLabel('Update in English').fill('The sorting terminal is closed; parcels are re-routed through Jönköping.');
    await page.getByLabel('Update in Russian').fill('Терминал закрыт; посылки идут через Йёнчёпинг.');
    await page.getByRole('button', { name: 'Post the update' }).click();
    await page.getByRole('status').filter({ hasText: 'Update posted; 0 e-mails queued.' }).waitFor();
    t.clock.advance(3 * 3_600_000);
    await page.getByLabel('Update in English').fill('PostNord has added two extra trucks; most parcels arrive by Friday.');
    await page.getByRole('button', { name: 'Post the update' }).click();
    await expect.poll(async () => (await page.getByRole('list', { name: 'Timed updates' }).locator('li').allTextContents()).length).toBe(2);
    const updates = await page.getByRole('list', { name: 'Timed updates' }).locator('li').allTextContents();
    expect(updates[0]).toContain('two extra trucks');
    expect(updates[1]).toContain('Jönköping');

    // A confirmed subscriber (what the signed link stores) shows in the count.
    await t.db.query(`INSERT INTO delivery_status_subscribers (incident_id, email, language, confirmed_at) VALUES ($1, 'reader@example.com', 'ru', $2)`, [incidentId, t.clock.now()]);
    await page.reload();
    await page.getByText('Subscribers').waitFor();
    expect(await page.locator('.stat-card').filter({ hasText: 'Subscribers' }).textContent()).toContain('1');
    await page.locator('#compensation-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'delivery-status-console');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The public page, as a stranger reads it: the texts written in the console, never the internal title.
    const stranger = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
    // The link is built on the configured public address; the test server listens on another port.
    await stranger.goto(`${base}${new URL(url!).pathname}?lang=ru`);
    await stranger.getByRole('heading', { name: 'Задержка посылок PostNord на юге Швеции' }).waitFor();
    expect(await stranger.content()).not.toContain('release 4.2');
    expect(await stranger.getByText('Будет ли компенсация?').count()).toBe(1);
    const publicUpdates = await stranger.locator('ol.events li').allTextContents();
    expect(publicUpdates[0]).toContain('two extra trucks');
    expect(publicUpdates[1]).toContain('Йёнчёпинг');
    await screenshot(stranger, 'delivery-status-console-public-ru');
    await stranger.context().close();
  });

  it('refuses to issue compensation without the budget management approved, shows the refusal and counts it', async () => {
    const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Compensation' }) });
    await section.getByText('not approved').first().waitFor();
    await section.getByRole('button', { name: 'Issue compensation' }).click();
    await expect.poll(() => section.getByRole('alert').textContent()).toContain('management has not approved a compensation budget in SEK');
    await expect.poll(() => section.getByTestId('refusal-count').textContent()).toBe('1');
    expect(await section.getByRole('status').count()).toBe(0);
    expect((await t.db.query('SELECT 1 FROM delivery_compensations')).length).toBe(0);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'delivery-compensation-refused');
  });
});

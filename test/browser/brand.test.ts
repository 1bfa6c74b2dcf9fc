/**
 * Issue 11 in a real Chromium: the quality manager fills in Settings → Company, the regulator
 * report then names that firm (and before, says what is not set), and the recall notice in
 * the demo mailbox comes from the brand's sender, names the lot and use-by date, offers
 * contact preferences instead of an unsubscribe, and reads on a phone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(noChromium || postgresPass)('company settings, regulator report and a branded recall notice in Chromium', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string; brand: string };

  async function check(target: Page, name: string): Promise<void> {
    await screenshot(target, name);
    expect(await seriousAccessibilityViolations(target), `accessibility of ${name}`).toEqual([]);
  }

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 200, orders: 1500 }), launchChromium()]);
    context = await browser.newContext({ baseURL: rebound.url, viewport: { width: 1280, height: 900 } });
    expect((await context.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    // A lot with a use-by date that identified customers bought and can be e-mailed about: taken
    // from customers' purchases (the newest lots on the list may not be sold yet: the demo's
    // data ends today).
    const products = (await (await context.request.get('/api/products?limit=200')).json()).items as { gtin: string; brand: string }[];
    const definition = (lot: { gtin: string; lot_code: string }) => ({
      title: 'Lot recall', classification: 'I', reason: 'Listeria monocytogenes found in a retained sample.',
      instructions: { en: 'Do not eat it. Return it to any store.', ru: 'Не ешьте его. Верните в любой магазин.', uk: 'Не їжте його. Поверніть у будь-який магазин.', sv: 'Ät den inte. Lämna tillbaka den i valfri butik.' },
      scope: [{ gtin: lot.gtin, lots: [lot.lot_code] }],
    });
    const customers = (await (await context.request.get('/api/customers?limit=40')).json()).items as { id: number }[];
    const bought: { gtin: string; lot_code: string }[] = [];
    for (const customer of customers) {
      const orders = (await (await context.request.get(`/api/customers/${customer.id}`)).json()).orders as { lines: { gtin: string; lot_code: string | null }[] }[];
      for (const line of orders.flatMap((o) => o.lines)) if (line.lot_code && !bought.some((b) => b.gtin === line.gtin && b.lot_code === line.lot_code)) bought.push({ gtin: line.gtin, lot_code: line.lot_code });
    }
    for (const lot of bought.slice(0, 40)) {
      const [known] = (await (await context.request.get(`/api/lots?gtin=${lot.gtin}&lot_code=${encodeURIComponent(lot.lot_code)}`)).json()).items as { expires_on: string | null }[];
      if (!known?.expires_on) continue;
      if (!recall) {
        const created = await context.request.post('/api/recalls', { data: definition(lot) });
        expect(created.status(), await created.text()).toBe(201);
        recall = await created.json();
      } else {
        expect((await context.request.put(`/api/recalls/${recall.id}`, { data: definition(lot) })).status()).toBe(200);
      }
      const impact = await (await context.request.get(`/api/recalls/${recall.id}/impact`)).json();
      if (impact.reach?.email > 0) {
        target = { gtin: lot.gtin, lot_code: lot.lot_code, brand: products.find((p) => p.gtin === lot.gtin)!.brand };
        break;
      }
    }
    expect(target, 'a lot bought by a customer who can be e-mailed').toBeDefined();
    page = await context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
  });

  it('shows a draft report that says what is not set instead of guessing', async () => {
    await page.goto(`/api/recalls/${recall.id}/regulator-report?format=html`);
    const body = await page.locator('body').textContent();
    expect(body).toContain('Draft — not activated');
    expect(body).toContain('not set — add it in Settings → Company');
    expect(body).toContain('not activated yet');
    await screenshot(page, 'brand-01-report-draft');
  });

  it('fills in Settings → Company; the screen says SMTP_FROM applies until a sender is set', async () => {
    await page.goto('/console/settings/company');
    await page.getByRole('heading', { level: 1, name: 'Company' }).waitFor();
    await expect.poll(() => page.locator('[data-testid="effective-sender"]').textContent()).toContain('SMTP_FROM');
    await page.getByLabel('Legal name').fill('Northfield Dairies Ltd');
    await page.getByLabel('Street address').fill('1 Mill Lane');
    await page.getByLabel('City').fill('Leeds');
    await page.getByLabel('Postal code').fill('LS1 4AP');
    await page.getByLabel('Country (ISO code, e.g. GB)').fill('GB');
    await page.getByLabel('Name or desk').fill('Quality desk');
    await page.getByLabel('E-mail', { exact: true }).fill('safety@northfield.example');
    await page.getByLabel('Brand name shown at the top of e-mails').fill('Northfield');
    await page.getByLabel('Sender name', { exact: true }).first().fill('Northfield Care');
    await page.getByLabel('Sender address').first().fill('not-an-address');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);
    await page.getByLabel('Sender address').first().fill('care@northfield.example');
    await page.getByRole('button', { name: 'Add a brand' }).click();
    await page.getByLabel('Brand', { exact: true }).fill(target.brand);
    await page.locator('#brand-0-name').fill(`${target.brand} Care`);
    await page.locator('#brand-0-email').fill('care@brand.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Company settings saved.');
    await expect.poll(() => page.locator('[data-testid="effective-sender"]').textContent()).toContain('Northfield Care <care@northfield.example>');
    await check(page, 'brand-02-company-settings');
  });

  it('activates the recall; the report names the firm, the status and the methods used', async () => {
    const activated = await context.request.post(`/api/recalls/${recall.id}/activate`);
    expect(activated.status(), await activated.text()).toBe(200);
    await waitUntil(async () => ((await (await context.request.get(`/api/mailbox?limit=1&q=${encodeURIComponent(recall.reference)}`)).json()).total as number) > 0, 'the notice in the mailbox', 120_000);
    await page.goto(`/api/recalls/${recall.id}/regulator-report?format=html`);
    const body = (await page.locator('body').textContent())!;
    expect(body).toContain('Northfield Dairies Ltd');
    expect(body).toContain('Leeds');
    expect(body).toContain('Ongoing');
    expect(body).toMatch(/E-mail to [\d,]+ consumers?/);
    expect(body).not.toContain('not set');
    expect(body).not.toMatch(/Letter|Press Release/);
    await screenshot(page, 'brand-03-report-active');
  });

  it('shows the notice in the demo mailbox from the brand, with lot, use-by and a preferences link, readable on a phone', async () => {
    const list = (await (await context.request.get(`/api/mailbox?limit=50&q=${encodeURIComponent(recall.reference)}`)).json()).items as { id: number }[];
    const all = await Promise.all(list.map(async (m) => (await context.request.get(`/api/mailbox/${m.id}`)).json() as Promise<{ id: number; from: string; to: string | null; html: string; text: string; language: string }>));
    // Consumers' notices, not the staff alert the administrator (a manager too) gets about the same recall.
    const mails = all.filter((m) => !(m.to ?? '').includes(rebound.adminEmail));
    const mail = mails.find((m) => m.language === 'en') ?? mails[0]!;
    expect(mail.from).toContain('care@brand.example');
    expect(mail.text).toContain(target.lot_code);
    expect(mail.text).toMatch(/use by|годен до|придатний до|sista förbrukningsdag/);
    // The words the reader sees; the preferences link's address is the signed opt-out page.
    expect(mail.text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/unsubscribe|отписаться|відписатися|avregistrera/i);
    await page.goto(`/console/mailbox/${mail.id}`);
    const frame = page.locator('iframe.mail-frame');
    await frame.waitFor();
    await expect.poll(() => page.frameLocator('iframe.mail-frame').locator('body').textContent()).toContain(target.lot_code);
    await check(page, 'brand-04-notice-in-mailbox');
    // The HTML itself at a phone's width: one column, nothing wider than the screen.
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await phone.setContent(mail.html);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await phone.locator('body').textContent()).toMatch(/Manage your contact preferences|Настроить способы связи|Налаштувати способи зв’язку|Hantera dina kontaktinställningar/);
    await screenshot(phone, 'brand-05-notice-phone');
    await phone.close();
  });
});

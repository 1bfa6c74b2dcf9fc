/**
 * A recall from the consumer's side, in a real Chromium against the real server: the recall
 * page in Russian, "check your product" with a typed lot, and a pack's GS1 Digital Link
 * opening the lot's status in Swedish. Screenshots land in test-results/screenshots/.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

describe.skipIf(noChromium || postgresPass)('a recall on the public pages', () => {
  let rebound: RunningRebound;
  let browser: Browser;
  let visitor: BrowserContext;
  let recall: { reference: string };
  let target: { gtin: string; lot_code: string };

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 200, orders: 1500 }), launchChromium()]);
    const staff = await browser.newContext({ baseURL: rebound.url });
    expect((await staff.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const lots = (await (await staff.request.get('/api/lots?limit=5')).json()).items as { gtin: string; lot_code: string }[];
    target = lots[0]!;
    const created = await staff.request.post('/api/recalls', {
      data: {
        title: 'Kefir lot', classification: 'I', reason: 'Listeria monocytogenes found in a retained sample',
        instructions: { ru: 'Не употребляйте продукт. Верните его в любой магазин.', sv: 'Ät inte produkten. Lämna tillbaka den i valfri butik.' },
        faq: [{ lang: 'ru', question: 'Получу ли я деньги обратно?', answer: 'Да: вы получите купон или возврат по правилам компенсации.' }],
        scope: [{ gtin: target.gtin, lots: [target.lot_code] }],
      },
    });
    expect(created.status()).toBe(201);
    recall = await created.json();
    expect((await staff.request.post(`/api/recalls/${(recall as unknown as { id: number }).id}/activate`)).status()).toBe(200);
    await staff.close();
    visitor = await browser.newContext({ baseURL: rebound.url, viewport: { width: 390, height: 844 }, locale: 'ru-RU' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
  });

  it('shows the recall in Russian and answers "check your product" for the typed lot', async () => {
    const page = await visitor.newPage();
    await page.goto(`/p/recall/${recall.reference}?lang=ru`);
    await expect.poll(() => page.locator('h2#todo').textContent()).toBe('Что делать');
    expect(await page.locator('.recall-todo p').textContent()).toBe('Не употребляйте продукт. Верните его в любой магазин.');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.locator('section[aria-labelledby="check-title"]').getByLabel('Номер партии или код').fill(target.lot_code);
    await page.getByRole('button', { name: 'Проверить' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="check-title"]').getByRole('status').textContent()).toBe('Этот товар отзывается. Не используйте его.');
    await page.getByText('Получу ли я деньги обратно?').click();
    await page.getByLabel('Ваш вопрос').fill('Куда вернуть товар?');
    await page.getByRole('button', { name: 'Спросить' }).click();
    await expect.poll(() => page.locator('.recall-chat-assistant').first().textContent()).toBe('Не употребляйте продукт. Верните его в любой магазин.');
    await page.getByLabel('Ваш вопрос').fill('Во сколько открывается магазин на Ленина?');
    await page.getByRole('button', { name: 'Спросить' }).click();
    await page.locator('.recall-handover').getByLabel('Ваше имя').fill('Ольга');
    await page.locator('.recall-handover').getByLabel('Ваш e-mail').fill('olga@example.org');
    await page.getByRole('button', { name: 'Отправить сотруднику' }).click();
    await expect.poll(() => page.getByText(/Ваш вопрос передан сотрудникам \(обращение #\d+\)/).count()).toBe(1);
    await screenshot(page, 'public-recall-ru');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it("opens a lot's status in Swedish from the pack's Digital Link", async () => {
    const page = await visitor.newPage();
    await page.goto(`/01/${target.gtin}/10/${encodeURIComponent(target.lot_code)}?lang=sv`);
    expect(page.url()).toContain('/p/check?');
    await expect.poll(() => page.locator('p.recall-answer').first().textContent()).toBe('Den här produkten återkallas. Använd den inte.');
    await screenshot(page, 'public-lot-check-sv');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

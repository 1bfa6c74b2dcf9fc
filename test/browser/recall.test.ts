/**
 * A recall from the consumer's side, in a real Chromium against the real server: the recall
 * page in Russian, "check your product" with a typed lot, and a pack's GS1 Digital Link
 * opening the lot's status in Swedish; then the lot check as people really type (issue 11):
 * a lower-case lot, a typo and an unknown lot, on the recall page and on /p/check — never
 * answered "safe". Screenshots land in test-results/screenshots/.
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
  let target: { gtin: string; lot_code: string; product_name: string };
  /** Another lot of the same product, not recalled. */
  let otherLot: string;
  /** The recalled lot with two digits swapped: a lot no product has. */
  let typo: string;

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 200, orders: 1500 }), launchChromium()]);
    const staff = await browser.newContext({ baseURL: rebound.url });
    expect((await staff.request.post('/api/auth/login', { data: { email: rebound.adminEmail, password: rebound.adminPassword } })).status()).toBe(200);
    const lots = (await (await staff.request.get('/api/lots?limit=5')).json()).items as { gtin: string; lot_code: string; product_name: string }[];
    target = lots[0]!;
    const sameProduct = ((await (await staff.request.get(`/api/lots?gtin=${target.gtin}&limit=200`)).json()).items as { lot_code: string }[]).map((l) => l.lot_code);
    otherLot = sameProduct.find((code) => code !== target.lot_code)!;
    const swaps = [...target.lot_code].flatMap((_, i, chars) => (i > 0 && /\d/.test(chars[i - 1]!) && /\d/.test(chars[i]!) && chars[i - 1] !== chars[i] ? [[...chars.slice(0, i - 1), chars[i], chars[i - 1], ...chars.slice(i + 1)].join('')] : []));
    typo = swaps.reverse().find((code) => !sameProduct.includes(code))!;
    expect(otherLot && typo).toBeTruthy();
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
    await expect.poll(() => page.locator('section[aria-labelledby="check-title"]').getByRole('status').locator('.recall-verdict').textContent()).toBe(`Партия ${target.lot_code} входит в этот отзыв. Не используйте товар.`);
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
    await expect.poll(() => page.locator('.recall-answer .recall-verdict').textContent()).toBe(`Parti ${target.lot_code} av ${target.product_name} återkallas. Använd inte produkten.`);
    await screenshot(page, 'public-lot-check-sv');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('on the recall page, finds the lot typed in lower case, offers the recalled lot for a typo and never calls an unknown lot safe', async () => {
    const page = await (await browser.newContext({ baseURL: rebound.url, viewport: { width: 390, height: 844 }, locale: 'en-GB' })).newPage();
    await page.goto(`/p/recall/${recall.reference}?lang=en`);
    const check = page.locator('section[aria-labelledby="check-title"]');
    const field = check.getByLabel('Lot number or code');
    const verdict = check.getByRole('status').locator('.recall-verdict');
    const ask = async (typed: string) => {
      await field.fill(typed);
      await check.getByRole('button', { name: 'Check', exact: true }).click();
    };

    await ask(target.lot_code.toLowerCase());
    await expect.poll(() => verdict.textContent()).toBe(`Lot ${target.lot_code} is part of this recall. Do not use it.`);
    await screenshot(page, 'lot-check-recall-page-lower-case');

    await ask(typo);
    await expect.poll(() => verdict.textContent()).toBe('We could not find this lot: check the code on the pack or contact us.');
    const didYouMean = check.getByRole('button', { name: `Did you mean lot ${target.lot_code} (${target.product_name})?` });
    await expect.poll(() => didYouMean.count()).toBe(1);
    await screenshot(page, 'lot-check-recall-page-typo');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await didYouMean.click();
    await expect.poll(() => verdict.textContent()).toBe(`Lot ${target.lot_code} is part of this recall. Do not use it.`);
    expect(await field.inputValue()).toBe(target.lot_code);

    await ask('ZZ-0000');
    await expect.poll(() => verdict.textContent()).toBe('We could not find this lot: check the code on the pack or contact us.');
    expect(await check.getByRole('button', { name: /^Did you mean/ }).count()).toBe(0);
    await screenshot(page, 'lot-check-recall-page-unknown');

    await ask(otherLot.toLowerCase().replace('-', ' '));
    await expect.poll(() => verdict.textContent()).toBe(`Lot ${otherLot} is not part of this recall.`);
    await screenshot(page, 'lot-check-recall-page-not-in-recall');
    await page.context().close();
  });

  it('on /p/check, takes the lot as typed in one field and asks for the barcode number in a second one when it needs it', async () => {
    const page = await (await browser.newContext({ baseURL: rebound.url, viewport: { width: 390, height: 844 }, locale: 'en-GB' })).newPage();
    await page.goto('/p/check?lang=en');
    const field = page.getByLabel('Lot number or code');
    const second = page.getByLabel('Number under the barcode');
    const verdict = page.getByRole('status').locator('.recall-verdict');
    const submit = () => page.getByRole('button', { name: 'Check', exact: true }).click();

    await field.fill(`  ${target.lot_code.toLowerCase()} `);
    await submit();
    await expect.poll(() => verdict.textContent()).toBe(`Lot ${target.lot_code} of ${target.product_name} is recalled. Do not use it.`);
    expect(await page.getByRole('link', { name: 'See the recall' }).getAttribute('href')).toBe(`/p/recall/${recall.reference}?lang=en`);
    await screenshot(page, 'lot-check-page-lower-case');

    await field.fill(typo);
    await submit();
    await expect.poll(() => verdict.textContent()).toBe('To check this lot we also need the number under the barcode.');
    await expect.poll(() => second.count()).toBe(1);
    await second.fill(target.gtin.replace(/^0/, ''));
    await submit();
    await expect.poll(() => verdict.textContent()).toBe('We could not find this lot: check the code on the pack or contact us.');
    expect(await page.getByRole('button', { name: `Did you mean lot ${target.lot_code} (${target.product_name})?` }).count()).toBe(1);
    await screenshot(page, 'lot-check-page-typo');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await field.fill('ZZ-0000');
    await submit();
    await expect.poll(() => verdict.textContent()).toBe('To check this lot we also need the number under the barcode.');
    await second.fill(target.gtin);
    await submit();
    await expect.poll(() => verdict.textContent()).toBe('We could not find this lot: check the code on the pack or contact us.');
    expect(await page.getByRole('button', { name: /^Did you mean/ }).count()).toBe(0);
    await screenshot(page, 'lot-check-page-unknown');

    // A pack's Digital Link with a lot Rebound does not know: "not found", in Swedish, never "safe".
    await page.goto(`/01/${target.gtin}/10/ZZ-0000?lang=sv`);
    await expect.poll(() => verdict.textContent()).toBe('Vi kunde inte hitta det här partiet: kontrollera koden på förpackningen eller kontakta oss.');
    await screenshot(page, 'lot-check-digital-link-unknown-sv');
    await page.context().close();
  });
});

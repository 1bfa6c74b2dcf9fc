/**
 * Issue 15.5 (D2) in a real Chromium: a delivery incident's published status page, read and
 * subscribed to by a stranger, without JavaScript of ours; screenshots for people to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.ts';
import { addShipment } from '../../src/delivery/test/shipments.ts';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot, seriousAccessibilityViolations } from './browser.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing.`);

describe.skipIf(noChromium)('a delivery incident status page in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const manager = await t.login(['manager']);
    const call = async (method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) => {
      const response = await t.app.inject({ method, url: path, headers: { cookie: manager }, payload: payload as never });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json();
    };
    for (const [n, region] of [[1, 'Skåne'], [2, 'Blekinge'], [3, 'Halland']] as const) {
      const id = await addShipment(t.db, { external: `S-${n}`, carrier: 'PostNord', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-16', estimatedOn: '2026-11-22', country: 'SE' });
      await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', destination_region = $2 WHERE id = $1`, [id, region]);
    }
    await call('POST', '/api/delivery/sweep');
    const incident = await call('POST', '/api/delivery/incidents', { cause_kind: 'carrier', cause_value: 'PostNord' });
    await call('PUT', `/api/delivery/incidents/${incident.id}/status-page`, {
      public_title: 'Late parcels with PostNord in southern Sweden',
      public_summary: 'Since 16 November, parcels sent with PostNord to southern Sweden arrive up to a week late: a sorting terminal near Malmö has been closed after a fire.\n\nYour parcel is safe. We are working with the carrier and post what we know here.',
      faq: [
        { question: 'Will I be compensated?', answer: 'Yes: every late order gets its shipping cost back, without asking.' },
        { question: 'Can I cancel my order?', answer: 'Yes, until it is delivered: reply to the e-mail we sent you.' },
      ],
    });
    await call('PUT', `/api/delivery/incidents/${incident.id}/status-page`, {
      language: 'ru', public_title: 'Задержка посылок PostNord на юге Швеции',
      public_summary: 'С 16 ноября посылки PostNord на юг Швеции приходят с опозданием до недели: сортировочный терминал под Мальмё закрыт после пожара.',
      faq: [{ question: 'Будет ли компенсация?', answer: 'Да: за каждый опоздавший заказ мы вернём стоимость доставки, без заявлений.' }],
    });
    await call('POST', `/api/delivery/incidents/${incident.id}/status-page/publish`);
    await call('POST', `/api/delivery/incidents/${incident.id}/status-page/updates`, { texts: { en: 'The terminal is closed; parcels are re-routed through Jönköping.', ru: 'Терминал закрыт; посылки идут через Йёнчёпинг.' } });
    t.clock.advance(5 * 3_600_000);
    const done = await call('POST', `/api/delivery/incidents/${incident.id}/status-page/updates`, { texts: { en: 'PostNord has added two extra trucks; most parcels arrive by Friday.' } });
    expect(done.sent).toBe(0);
    const { slug } = await call('GET', `/api/delivery/incidents/${incident.id}/status-page`);
    url = `${base}/status/${slug}`;
    page = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reads what happened, who is affected, the updates newest first and the FAQ, accessibly', async () => {
    await page.goto(`${url}?lang=en`);
    await page.getByRole('heading', { name: 'Late parcels with PostNord in southern Sweden' }).waitFor();
    expect(await page.getByRole('row', { name: /Regions/ }).textContent()).toContain('Blekinge, Halland, Skåne');
    const updates = await page.locator('ol.events li').allTextContents();
    expect(updates[0]).toContain('two extra trucks');
    expect(updates[1]).toContain('Jönköping');
    await screenshot(page, 'delivery-status-page-en');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${url}?lang=ru`);
    await page.getByRole('heading', { name: 'Вопросы и ответы' }).waitFor();
    await screenshot(page, 'delivery-status-page-ru');
  });

  it('subscribes by the form and answers that a confirmation link is on its way', async () => {
    await page.goto(`${url}?lang=sv`);
    await page.getByLabel('E-postadress').fill('reader@example.com');
    await page.getByRole('button', { name: 'Prenumerera' }).click();
    await page.getByRole('status').filter({ hasText: 'Inget sparas innan du öppnar den' }).waitFor();
    expect((await t.db.query('SELECT 1 FROM delivery_status_subscribers')).length).toBe(0);
  });
});

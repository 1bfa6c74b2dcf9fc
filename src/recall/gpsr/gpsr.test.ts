import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { FORBIDDEN_WORDS, NOTICE_TEXTS } from './gpsr-texts.ts';

/**
 * Issue 16.7 (R13): the GPSR recall notice (Regulation (EU) 2023/988 Art. 36) in every
 * language the recall covers, without the words that lessen the risk, and the Safety Gate
 * notification prefilled from the recall, listing what the data lacks instead of inventing it.
 */
describe('EU GPSR kit: recall notice and Safety Gate notification', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string; name: string };
  const REASON = {
    en: 'Listeria bacteria were found in the product. Eating it can cause serious illness, especially in pregnant women and older people.',
    ru: 'В продукте обнаружены бактерии листерии. Употребление может вызвать тяжёлое заболевание.',
    uk: 'У продукті виявлено бактерії лістерії. Вживання може спричинити тяжке захворювання.',
    sv: 'Listeriabakterier har hittats i produkten. Den kan orsaka allvarlig sjukdom.',
  };
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const text = (html: string) => html.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 200, orders: 1500 });
    cookie = await t.login(['manager'], 'quality.manager@example.com');
    [target] = (await t.db.query<typeof target>(
      `SELECT p.gtin, l.lot_code, p.name FROM order_lines ol JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       GROUP BY p.gtin, l.lot_code, p.name ORDER BY count(*) DESC, 1, 2 LIMIT 1`)) as [typeof target];
    const created = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: {
        title: 'Kefir recall', title_translations: { ru: 'Отзыв кефира', uk: 'Відкликання кефіру', sv: 'Återkallelse av kefir' },
        classification: 'I', reason: REASON.en, language: 'en', reason_translations: { ru: REASON.ru, uk: REASON.uk, sv: REASON.sv },
        instructions: { en: 'Return it to any store.' },
        scope: [{ gtin: target.gtin, lots: [target.lot_code] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    recall = created.json();
  });
  afterAll(async () => t.close());

  it('writes the notice in every covered language: title, product, lot, hazard, what to do, remedy, contact — and no forbidden words', async () => {
    const settings = await t.app.inject({
      method: 'PUT', url: '/api/company-settings', headers: { cookie },
      payload: { legal_name: 'Northfield Dairies Ltd', safety_contact_name: 'Quality desk', safety_contact_email: 'safety@northfield.example', brands: [] },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    for (const lang of ['en', 'ru', 'uk', 'sv'] as const) {
      const json = await get(`/api/recalls/${recall.id}/gpsr-notice?lang=${lang}`);
      expect(json.statusCode, json.body).toBe(200);
      const notice = json.json();
      expect(notice).toMatchObject({ title: NOTICE_TEXTS[lang].title, hazard: REASON[lang], languages: ['en', 'ru', 'uk', 'sv'], forbidden_words_in: [] });
      expect(notice.products[0].lots.map((l: { code: string }) => l.code)).toEqual([target.lot_code]);
      expect(notice.missing).toContain(`picture of ${notice.products[0].name} (GTIN ${target.gtin})`);

      const page = await get(`/api/recalls/${recall.id}/gpsr-notice?lang=${lang}&format=html`);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain(`<html lang="${lang}">`);
      const words = text(page.body);
      for (const expected of [NOTICE_TEXTS[lang].title, target.gtin, target.lot_code, REASON[lang], NOTICE_TEXTS[lang].actions[0], NOTICE_TEXTS[lang].remedyText, 'safety@northfield.example', 'Northfield Dairies Ltd', recall.reference]) {
        expect(words, `${lang}: ${expected}`).toContain(expected);
      }
      if (lang === 'en') expect(words).toContain('Return it to any store.');
      for (const forbidden of Object.values(FORBIDDEN_WORDS)) expect(words, `${lang}: ${forbidden}`).not.toMatch(forbidden);
      expect(words).not.toMatch(/voluntary|precautionary|in the unlikely event/i);
    }
  });

  it('flags a recall whose own text uses a forbidden word, and refuses a language the recall does not cover or an unknown recall as problem+json', async () => {
    const other = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: { title: 'Voluntary recall', classification: 'III', reason: 'A precautionary recall of one lot.', scope: [{ gtin: target.gtin, lots: [target.lot_code] }] },
    });
    expect(other.statusCode, other.body).toBe(201);
    const flagged = (await get(`/api/recalls/${other.json().id}/gpsr-notice?lang=en`)).json();
    expect(flagged.forbidden_words_in).toEqual(['reason', 'title']);
    expect((await get(`/api/recalls/${other.json().id}/gpsr-notice?lang=en&format=html`)).body).toContain('Art. 36(3) GPSR forbids');

    const uncovered = await get(`/api/recalls/${other.json().id}/gpsr-notice?lang=sv`);
    expect(uncovered.statusCode).toBe(404);
    expect(uncovered.headers['content-type']).toContain('application/problem+json');
    expect(uncovered.json()).toMatchObject({ type: '/problems/recall.language_not_covered', errors: [{ field: 'querystring.lang', message: 'one of en' }] });
    const unknown = await get('/api/recalls/999999/gpsr-notice?lang=en');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const gate = await get('/api/recalls/999999/safety-gate');
    expect(gate.statusCode).toBe(404);
    expect(gate.headers['content-type']).toContain('application/problem+json');
    const noLang = await get(`/api/recalls/${recall.id}/gpsr-notice`);
    expect(noLang.statusCode).toBe(400);
    expect(noLang.body).toContain('lang');
  });

  it('prefills the Safety Gate notification from the recall and lists what the data lacks instead of inventing it', async () => {
    const draft = (await get(`/api/recalls/${recall.id}/safety-gate`)).json();
    expect(draft.measures).toEqual([]);
    expect(draft.missing).toContain('measures (the recall is not activated: no measure taken yet)');
    expect(draft.notifier).toMatchObject({ name: 'Northfield Dairies Ltd', contact_email: 'safety@northfield.example', address: null, country: null });
    expect(draft.missing).toEqual(expect.arrayContaining(['notifier.address', 'notifier.city', 'notifier.country', 'hazard.type', 'products.0.type_or_model', 'products.0.description']));
    expect(draft.missing).not.toContain('notifier.name');
    expect(draft.products[0]).toMatchObject({ gtin: target.gtin, lots: [target.lot_code], type_or_model: null, description: null });
    expect(draft.risk_level).toBe('serious');
    expect(draft.hazard).toEqual({ type: null, description: REASON.en });

    const activated = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } });
    expect(activated.statusCode, activated.body).toBe(200);
    await settleActions(t);
    const [reached] = await t.db.query<{ countries: string[]; unknown: boolean }>(
      `SELECT coalesce(array_agg(DISTINCT loc.country ORDER BY loc.country) FILTER (WHERE loc.country IS NOT NULL), '{}') AS countries, bool_or(loc.country IS NULL) AS unknown
       FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       JOIN locations loc ON loc.id = o.location_id WHERE p.gtin = $1 AND l.lot_code = $2 AND loc.kind = 'store'`, [target.gtin, target.lot_code]);
    const active = (await get(`/api/recalls/${recall.id}/safety-gate`)).json();
    const today = t.clock.now().toISOString().slice(0, 10);
    expect(active.measures).toEqual([
      { measure: 'Recall of the product from end users', taken_on: today },
      { measure: 'Withdrawal of the product from the market (stop-sale)', taken_on: today },
    ]);
    for (const country of reached!.countries) expect(active.products[0].countries_sold).toContain(country);
    if (reached!.unknown) expect(active.products[0].countries_sold).toContain('unknown');

    // With no country on any location or customer the countries are "unknown", and listed as missing.
    await t.db.query('UPDATE locations SET country = NULL');
    await t.db.query('UPDATE customers SET country = NULL');
    const blind = (await get(`/api/recalls/${recall.id}/safety-gate`)).json();
    expect(blind.products[0].countries_sold).toEqual(['unknown']);
    expect(blind.missing).toContain('products.0.countries_sold (some or all unknown)');

    const page = await get(`/api/recalls/${recall.id}/safety-gate?format=html`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const words = text(page.body);
    for (const expected of ['Northfield Dairies Ltd', target.gtin, target.lot_code, REASON.en, 'serious', 'Recall of the product from end users', 'missing — fill in on Safety Gate', 'hazard.type']) {
      expect(words).toContain(expected);
    }
  });

  it('shows the product picture in the notice: a published URL, or an uploaded image carried inside the page', async () => {
    const url = `/api/products/${target.gtin}/picture`;
    expect((await get(url)).json()).toBeNull();
    const viewer = await t.login(['viewer'], 'viewer.picture@example.com');
    expect((await t.app.inject({ method: 'PUT', url, headers: { cookie: viewer }, payload: { url: 'https://cdn.example/kefir.png' } })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url, headers: { cookie }, payload: { url: 'javascript:alert(1)' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('url');
    expect((await t.app.inject({ method: 'PUT', url, headers: { cookie }, payload: { url: 'https://cdn.example/kefir.png' } })).statusCode).toBe(200);
    let notice = (await get(`/api/recalls/${recall.id}/gpsr-notice?lang=en`)).json();
    expect(notice.products[0].picture_url).toBe('https://cdn.example/kefir.png');
    expect(notice.missing.some((m: string) => m.startsWith('picture of'))).toBe(false);
    expect((await get(`/api/recalls/${recall.id}/gpsr-notice?lang=en&format=html`)).body).toContain('<img src="https://cdn.example/kefir.png"');

    // An uploaded PNG (a real 1×1 image): kept with its hash, embedded in the notice as a data: URI.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const wrongType = await t.app.inject({ method: 'POST', url: `${url}/file?file_name=kefir.png`, headers: { cookie, 'content-type': 'image/jpeg' }, payload: png });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].field).toBe('body');
    const uploaded = await t.app.inject({ method: 'POST', url: `${url}/file?file_name=kefir.png`, headers: { cookie, 'content-type': 'image/png' }, payload: png });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    expect(uploaded.json()).toMatchObject({ url: null, file_name: 'kefir.png', content_type: 'image/png', size_bytes: png.length });
    notice = (await get(`/api/recalls/${recall.id}/gpsr-notice?lang=ru`)).json();
    expect(notice.products[0].picture_url).toBe(`data:image/png;base64,${png.toString('base64')}`);
    const gate = (await get(`/api/recalls/${recall.id}/safety-gate`)).json();
    expect(gate.missing).not.toContain('products.0.picture');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { asNoticeLanguage } from './activation/notice-variables.ts';

/**
 * Issue 16.3: the recall's free texts reach each consumer in their language. The reason and
 * title are entered per language; a language without a translation reads the text as written,
 * and the impact preview counts who would, before anything is sent.
 */
describe("a recall's title and reason in each consumer's language", () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  const REASON = { en: 'Listeria monocytogenes found in a retained sample.', ru: 'В контрольном образце обнаружена листерия.', uk: 'У контрольному зразку виявлено лістерію.' };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.manager@example.com');
    // The lot bought by customers of the most languages, so the fallback has someone to reach.
    const [target] = await t.db.query<{ gtin: string; lot_code: string }>(
      `SELECT p.gtin, l.lot_code FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN customers c ON c.id = o.customer_id
       JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       GROUP BY p.gtin, l.lot_code ORDER BY count(DISTINCT c.language) DESC, count(DISTINCT c.id) DESC, 1, 2 LIMIT 1`);
    const created = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: {
        title: 'Kefir recall', title_translations: { ru: 'Отзыв кефира', uk: 'Відкликання кефіру' },
        classification: 'I', reason: REASON.en, language: 'en', reason_translations: { ru: REASON.ru, uk: REASON.uk },
        instructions: { en: 'Do not drink it.', ru: 'Не пейте его.', uk: 'Не пийте його.' },
        scope: [{ gtin: target!.gtin, lots: [target!.lot_code] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    recall = created.json();
  });
  afterAll(async () => t.close());

  it('refuses a translation in a language Rebound does not speak, naming the field', async () => {
    const response = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: { title: 'Bad', classification: 'II', reason: 'Something', reason_translations: { de: 'Etwas' }, scope: [{ gtin: '09506000270173', all_lots: true }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toContain('reason_translations');
  });

  it('counts in the impact preview the consumers who would read a text not in their language', async () => {
    const consumers = await t.db.query<{ language: string; n: number }>(
      `SELECT c.language, count(DISTINCT c.id)::int AS n FROM recall_criteria rc JOIN lots l ON l.product_id = rc.product_id AND l.lot_code = ANY(rc.lot_codes)
       JOIN order_lines ol ON ol.lot_id = l.id JOIN orders o ON o.id = ol.order_id JOIN customers c ON c.id = o.customer_id WHERE rc.recall_id = $1 GROUP BY 1`, [recall.id]);
    const swedes = consumers.filter((c) => asNoticeLanguage(c.language) === 'sv').reduce((sum, c) => sum + c.n, 0);
    expect(swedes, 'the demo lot has Swedish-speaking buyers').toBeGreaterThan(0);
    const preview = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/impact`, headers: { cookie } })).json();
    expect(preview.untranslated).toEqual([{ language: 'sv', consumers: swedes, texts: ['title', 'reason', 'instructions'] }]);
  });

  it("sends each notice with the reason in the consumer's language, or as written where there is no translation", async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } })).statusCode).toBe(200);
    await settleActions(t);
    const notices = await t.db.query<{ language: string; reason: string }>(
      `SELECT c.language, m.variables->>'reason' AS reason FROM comms_messages m JOIN customers c ON c.id = m.customer_id
       WHERE m.resource_type = 'recall' AND m.resource_id = $1 AND m.reason = 'recall.notice' AND m.channel = 'email' AND m.status <> 'suppressed'`, [String(recall.id)]);
    const languages = new Set(notices.map((n) => asNoticeLanguage(n.language)));
    expect([...languages].sort()).toEqual(expect.arrayContaining(['ru', 'sv']));
    for (const notice of notices) {
      const language = asNoticeLanguage(notice.language);
      expect(notice.reason, `a notice in ${language}`).toBe(language === 'ru' || language === 'uk' ? REASON[language] : REASON.en);
    }
  });

  it('shows the public recall page and its assistant in the visitor language', async () => {
    const page = (lang: string) => t.app.inject({ method: 'GET', url: `/api/public/recalls/${recall.reference}?lang=${lang}` }).then((r) => r.json());
    expect(await page('ru')).toMatchObject({ title: 'Отзыв кефира', reason: REASON.ru });
    expect(await page('uk')).toMatchObject({ title: 'Відкликання кефіру', reason: REASON.uk });
    expect(await page('sv')).toMatchObject({ title: 'Kefir recall', reason: REASON.en });
    const answer = await t.app.inject({ method: 'POST', url: `/api/public/recalls/${recall.reference}/ask`, payload: { question: 'Почему отзывают товар, в чём причина?', lang: 'ru' } });
    expect(answer.json()).toMatchObject({ answered: true, answer: REASON.ru });
  });
});

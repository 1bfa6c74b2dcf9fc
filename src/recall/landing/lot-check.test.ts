/**
 * Issue 11, point 1: the lot check never calls a recalled lot safe. Every recalled lot of a
 * recall, typed the ways people type it and scanned the ways packs carry it, is found as
 * recalled — on the recall page and on /p/check; a typo is "not found" with the nearest
 * recalled lot offered; a known lot outside the recall is "not part of this recall"; a passed
 * use-by date is said.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { IMPORTERS } from '../../data/import/entities/index.ts';
import { importStream } from '../../data/import/import-file.ts';
import { systemActor } from '../../platform/audit/audit.ts';

const GS = String.fromCharCode(29);
const KEFIR = '04607012345677';
const CHEESE = '04607012345684';
const NOT_IN_CATALOGUE = '04607012345691';

/** Every way the recalled lot `lot` of `gtin` (use-by `useBy`, YYYY-MM-DD) reaches the check. */
function variantsOf(gtin: string, lot: string, useBy: string): Record<string, string> {
  const yymmdd = useBy.slice(2).replace(/-/g, '');
  const typed: Record<string, string> = {
    'as printed': lot,
    'lower case': lot.toLowerCase(),
    'spaces for hyphens': lot.replace(/-/g, ' '),
    'hyphens removed': lot.replace(/-/g, ''),
    'surrounding whitespace': `  ${lot}\t`,
    'a leading zero more on each number': lot.replace(/\d+/g, (digits) => `0${digits}`),
    'an en dash for the hyphen': lot.replace(/-/g, '–'),
    'GS1 element string (01)(10)(17)': `(01)${gtin}(10)${lot}(17)${yymmdd}`,
    'DataMatrix with group separators': `]d201${gtin}10${lot}${GS}17${yymmdd}`,
    'Digital Link': `https://id.example.com/01/${gtin}/10/${encodeURIComponent(lot)}?17=${yymmdd}`,
  };
  // A numeric lot loses or gains its leading zeros as a whole too ("004512" typed "4512").
  if (/^\d+$/.test(lot)) {
    typed['leading zeros dropped'] = lot.replace(/^0+/, '');
    typed['extra leading zeros'] = `00${lot}`;
  }
  return typed;
}

describe('the public lot check', () => {
  let t: TestApp;
  let manager: string;
  let recall: { id: number; reference: string };
  let other: { id: number; reference: string };
  const load = (entity: keyof typeof IMPORTERS, text: string) => importStream(t.db, IMPORTERS[entity], Readable.from([text]), 'csv', { actor: systemActor, source: 'test' });
  // Each check comes from a visitor of its own: the route's per-address rate limit is not under test here.
  let visitors = 0;
  const check = async (params: Record<string, string>) => {
    const visitor = ++visitors;
    const response = await t.app.inject({ method: 'GET', url: `/api/public/check?${new URLSearchParams(params)}`, remoteAddress: `10.0.${visitor >> 8}.${visitor & 255}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T10:00:00Z');
    await load('products', `gtin,name\n${KEFIR},Kefir 1 l\n${CHEESE},Cheese 200 g\n`);
    await load('lots', [
      'gtin,lot_code,produced_on,expires_on',
      `${KEFIR},L2609-2943,2026-02-20,2026-10-31`,
      `${KEFIR},L2609-2944,2026-02-20,2026-10-31`,
      `${KEFIR},004512,2026-02-01,2026-09-30`,
      `${KEFIR},004513,2026-02-01,2026-09-30`,
      `${KEFIR},L2501-0007,2025-01-10,2025-02-01`,
      `${KEFIR},L2412-0003,2024-12-01,2025-01-01`,
      `${KEFIR},L2610-0001,2026-02-25,2026-11-30`,
      `${CHEESE},CH 118/A,2026-01-05,2026-06-30`,
    ].join('\n'));
    manager = await t.login(['manager']);
    const define = async (scope: unknown[]) => {
      const created = await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie: manager }, payload: { title: 'Kefir and cheese', classification: 'I', reason: 'Listeria', instructions: { en: 'Do not eat it. Return it to any store.', ru: 'Не употребляйте. Верните в магазин.' }, scope } });
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json();
      const activated = await t.app.inject({ method: 'POST', url: `/api/recalls/${body.id}/activate`, headers: { cookie: manager } });
      expect(activated.statusCode, activated.body).toBe(200);
      return body as { id: number; reference: string };
    };
    recall = await define([{ gtin: KEFIR, lots: ['L2609-2943', '004512', 'L2501-0007'] }, { gtin: CHEESE, lots: ['CH 118/A'] }]);
    other = await define([{ gtin: KEFIR, lots: ['L2610-0001'] }]);
  });
  afterAll(async () => t.close());

  it('finds every recalled lot of the recall however it is typed or scanned, on the recall page and on /p/check', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/api/public/recalls/${recall.reference}` })).json();
    const lots = (page.products as { gtin: string; lots: { lot_code: string; expires_on: string }[] }[]).flatMap((p) => p.lots.map((l) => ({ gtin: p.gtin, ...l })));
    expect(lots.map((l) => l.lot_code).sort()).toEqual(['004512', 'CH 118/A', 'L2501-0007', 'L2609-2943']);
    let variants = 0;
    for (const lot of lots) {
      for (const [how, code] of Object.entries(variantsOf(lot.gtin, lot.lot_code, lot.expires_on))) {
        // Element strings cannot carry a space (GS1 character set 82): "CH 118/A" is only typed.
        if (lot.lot_code.includes(' ') && /^[(\]h]/.test(code)) continue;
        const expected = { status: 'recalled', lot: lot.lot_code, product: { gtin: lot.gtin }, recall: { reference: recall.reference } };
        expect(await check({ code, recall: recall.reference }), `${lot.lot_code} ${how}, recall page`).toMatchObject({ ...expected, recall: { this_recall: true } });
        expect(await check({ code }), `${lot.lot_code} ${how}, /p/check`).toMatchObject(expected);
        expect(await check({ code, gtin: lot.gtin }), `${lot.lot_code} ${how}, /p/check with the product`).toMatchObject(expected);
        variants++;
      }
    }
    expect(variants).toBeGreaterThan(35);
  });

  it('says what to do in the visitor\'s language when the lot is recalled', async () => {
    expect(await check({ code: 'l2609 2943', lang: 'ru' })).toMatchObject({ status: 'recalled', recall: { instructions: 'Не употребляйте. Верните в магазин.', classification: 'I' } });
    expect(await check({ code: 'l2609 2943', lang: 'sv' })).toMatchObject({ status: 'recalled', recall: { instructions: 'Do not eat it. Return it to any store.' } });
  });

  it('answers a typo with "not found" and the nearest recalled lot, never "not recalled"', async () => {
    for (const typo of ['L2609-2934', 'L2609-2948', 'l2690 2943', 'L269-2943']) {
      expect(await check({ code: typo, recall: recall.reference }), typo).toMatchObject({ status: 'not_found', lot: typo, suggestion: { lot: 'L2609-2943', gtin: KEFIR } });
      expect(await check({ code: typo, gtin: KEFIR }), typo).toMatchObject({ status: 'not_found', product: { gtin: KEFIR, name: 'Kefir 1 l' }, suggestion: { lot: 'L2609-2943' } });
      // Without the product, a lot in no current recall needs the GTIN before anything is said of it.
      expect(await check({ code: typo }), typo).toMatchObject({ status: 'need_gtin', suggestion: { lot: 'L2609-2943' } });
    }
  });

  it('answers an unknown lot with "not found" and offers nothing when no recalled lot is close', async () => {
    const answer = await check({ code: 'ZZ-99', recall: recall.reference });
    expect(answer).toEqual({ status: 'not_found', lot: 'ZZ-99' });
    expect(await check({ gtin: KEFIR, lot: 'ZZ-99' })).toEqual({ status: 'not_found', lot: 'ZZ-99', product: { gtin: KEFIR, name: 'Kefir 1 l' } });
    expect(await check({ code: NOT_IN_CATALOGUE })).toEqual({ status: 'unknown_product', gtin: NOT_IN_CATALOGUE });
    // A scanned code carries its own use-by date (AI 17): said even when the lot is not found.
    expect(await check({ code: `(01)${KEFIR}(10)ZZ-99(17)250101` })).toEqual({ status: 'not_found', lot: 'ZZ-99', product: { gtin: KEFIR, name: 'Kefir 1 l' }, use_by: '2025-01-01', use_by_passed: true });
  });

  it('answers a known lot outside the recall with "not part of this recall", and a passed use-by date with a note', async () => {
    expect(await check({ code: 'l2609 2944', recall: recall.reference })).toEqual({
      status: 'not_recalled', scope: 'this_recall', lot: 'L2609-2944', product: { gtin: KEFIR, name: 'Kefir 1 l' }, use_by: '2026-10-31', use_by_passed: false,
    });
    expect(await check({ code: '4513', gtin: KEFIR })).toMatchObject({ status: 'not_recalled', scope: 'current_recalls', lot: '004513' });
    expect(await check({ code: 'L2412-0003', recall: recall.reference })).toMatchObject({ status: 'not_recalled', use_by: '2025-01-01', use_by_passed: true });
    expect(await check({ code: 'L2501-0007', recall: recall.reference })).toMatchObject({ status: 'recalled', use_by: '2025-02-01', use_by_passed: true });
    // The use-by date is read from the injectable clock: on the day itself it has not passed yet.
    t.clock.set('2025-02-01T23:00:00Z');
    expect(await check({ code: 'L2501-0007', recall: recall.reference })).toMatchObject({ status: 'recalled', use_by_passed: false });
    t.clock.set('2026-03-01T10:00:00Z');
  });

  it('names the other recall when the lot on this recall page is recalled by another one', async () => {
    expect(await check({ code: 'l2610-0001', recall: recall.reference })).toMatchObject({ status: 'recalled', lot: 'L2610-0001', recall: { reference: other.reference, this_recall: false } });
  });

  it('asks for the lot when only the product is known, and for the product when only a lot in no recall is', async () => {
    expect(await check({ code: KEFIR })).toEqual({ status: 'need_lot', product: { gtin: KEFIR, name: 'Kefir 1 l' }, some_lots_recalled: true });
    expect(await check({ code: `(01)${CHEESE}` })).toMatchObject({ status: 'need_lot', some_lots_recalled: true });
    // On the recall page the number under the barcode is still a product, and its lot comes in the second field.
    expect(await check({ code: KEFIR.slice(1), recall: recall.reference })).toMatchObject({ status: 'need_lot', product: { gtin: KEFIR } });
    expect(await check({ code: KEFIR.slice(1), lot: 'l2609-2943', recall: recall.reference })).toMatchObject({ status: 'recalled', lot: 'L2609-2943' });
    expect(await check({ code: 'L2609-2944' })).toEqual({ status: 'need_gtin', lot: 'L2609-2944', suggestion: { gtin: KEFIR, product: 'Kefir 1 l', lot: 'L2609-2943' } });
    // The second field: the same lot with the GTIN typed under the barcode.
    expect(await check({ code: 'L2609-2944', gtin: KEFIR.slice(1) })).toMatchObject({ status: 'not_recalled', lot: 'L2609-2944' });
  });

  it("sends a pack's Digital Link with an unknown lot to a check that says \"not found\"", async () => {
    const link = await t.app.inject({ method: 'GET', url: `/01/${KEFIR}/10/L2609-2999?lang=sv` });
    expect(link.statusCode).toBe(302);
    const landed = new URL(link.headers.location as string, 'http://rebound.test');
    expect(landed.pathname).toBe('/p/check');
    expect(await check({ gtin: landed.searchParams.get('gtin')!, lot: landed.searchParams.get('lot')! })).toMatchObject({ status: 'not_found', suggestion: { lot: 'L2609-2943' } });
    const productOnly = await t.app.inject({ method: 'GET', url: `/01/${KEFIR}` });
    expect(productOnly.headers.location).toBe(`/p/check?gtin=${KEFIR}`);
  });

  it('explains an unreadable code and a draft recall as problems', async () => {
    const wrongDigit = await t.app.inject({ method: 'GET', url: `/api/public/check?${new URLSearchParams({ code: '(01)04607012345678(10)L1' })}` });
    expect(wrongDigit.statusCode).toBe(400);
    expect(wrongDigit.headers['content-type']).toContain('application/problem+json');
    const nothing = await t.app.inject({ method: 'GET', url: '/api/public/check?recall=' + recall.reference });
    expect(nothing.statusCode).toBe(400);
    const draft = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie: manager }, payload: { title: 'Draft', classification: 'III', reason: 'not yet', scope: [{ gtin: KEFIR, all_lots: true }] } })).json();
    const hidden = await t.app.inject({ method: 'GET', url: `/api/public/check?${new URLSearchParams({ code: 'L2609-2944', recall: draft.reference })}` });
    expect(hidden.statusCode).toBe(404);
  });
});

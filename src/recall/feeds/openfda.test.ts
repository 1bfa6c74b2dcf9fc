import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { corpus } from '../../../test/corpora.ts';
import { fdaDate, printedGtins, readEnforcementReports } from './openfda-report.ts';
import { scoreProduct } from './openfda-ingest.ts';

const NDJSON = readFileSync(corpus('fda', 'res-pipeline-testdata', 'ucm308307.ndjson'), 'utf8');
const API_EXAMPLE = (JSON.parse(readFileSync(corpus('fda', 'api-examples', 'food-enforcement-examples.json'), 'utf8')) as { result: Record<string, unknown> }).result;

describe('reading openFDA enforcement reports', () => {
  it('reads the 72 legacy records (hyphenated keys, US dates) and the API shape alike', () => {
    const legacy = readEnforcementReports(NDJSON);
    expect(legacy.reports).toHaveLength(72);
    expect(legacy.skipped).toEqual([]);
    expect(legacy.reports[0]).toMatchObject({ classification: 'Class I', report_date: '2012-06-13', product_quantity: '529,327 units' });
    const api = readEnforcementReports(JSON.stringify({ meta: {}, results: [API_EXAMPLE, { note: 'no description' }] }));
    expect(api.reports[0]).toMatchObject({ event_id: '62644', recall_initiation_date: '2012-07-20', recalling_firm: 'Cass Clay Creamery AMPI Fargo Division' });
    expect(api.skipped).toEqual([{ index: 1, reason: 'no product_description' }]);
    expect([fdaDate('20120905'), fdaDate('06/13/2012'), fdaDate('2012'), fdaDate(12)]).toEqual(['2012-09-05', '2012-06-13', null, null]);
  });

  it('finds the UPCs printed with spaces or dashes, only where the check digit holds', () => {
    expect(printedGtins('HAM AND TURKEY FOOTLONG*** 7 05432 00194 5***KEEP')).toEqual(['00705432001945']);
    expect(printedGtins('12 ounce clear plastic bag, UPC 6-98997-80615-8, best by 041913')).toEqual(['00698997806158']);
    expect(printedGtins('UPC 6-98997-80615-9 and lot 123456789013')).toEqual([]);
  });

  it('scores a product by a printed GTIN, else by its brand and name words, and says why', () => {
    const [report] = readEnforcementReports(JSON.stringify(API_EXAMPLE)).reports;
    const swissChip = scoreProduct(report!, { id: 1, gtin: '00012345678905', name: 'Swiss Chip Ice Cream 3 Gallon', brand: 'Cass-Clay' });
    expect(swissChip.score).toBeGreaterThanOrEqual(0.6);
    expect(swissChip.reasons).toEqual(['brand Cass-Clay', 'name words swiss, chip, gallon (3 of 5)']);
    expect(scoreProduct(report!, { id: 2, gtin: '04601234567893', name: 'Kefir 2.5%', brand: 'Zorka' }).score).toBe(0);
  });
});

describe('issue 16.8 (R14): a report naming a company product opens a draft recall and a review task, never an activation', () => {
  let t: TestApp;
  let cookie: string;
  const post = (body: string, contentType: string, document = 'ucm308307.ndjson') =>
    t.app.inject({ method: 'POST', url: `/api/regulator-feeds/openfda?document=${document}`, headers: { cookie, 'content-type': contentType }, payload: body });

  beforeAll(async () => {
    t = await startTestApp();
    cookie = await t.login(['manager']);
    await t.db.query(
      `INSERT INTO products (gtin, name, brand, category) VALUES
         ('00705432001945', 'Turkey & Ham Footlong sandwich', 'Anytime Deli', 'deli'),
         ('00012345678905', 'Swiss Chip Ice Cream 3 Gallon', 'Cass-Clay', 'dairy'),
         ('04601234567893', 'Kefir 2.5%', 'Zorka', 'dairy')`);
  });
  afterAll(async () => t.close());

  it('matches the footlong by its UPC among the 72 reports, opens one draft with the report filled in and a review task', async () => {
    const response = await post(NDJSON, 'application/x-ndjson');
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json();
    expect(summary.read).toBe(72);
    expect(summary.new_reports + summary.duplicates).toBe(72);
    const footlong = summary.matched.filter((m: { products: { gtin: string }[] }) => m.products.some((p) => p.gtin === '00705432001945'));
    expect(footlong).toHaveLength(1);
    expect(footlong[0].products[0]).toMatchObject({ gtin: '00705432001945', score: 1, reasons: ['GTIN 00705432001945 printed in the report'] });
    const [recall] = await t.db.query<{ status: string; classification: string; reason: string; title: string; activated_at: Date | null }>(
      'SELECT status, classification, reason, title, activated_at FROM recalls WHERE id = $1', [footlong[0].recall_id]);
    expect(recall).toMatchObject({ status: 'draft', classification: 'I', activated_at: null });
    expect(recall!.title).toMatch(/^FDA report: 1\) Turkey & Ham Footlong/);
    expect(recall!.reason.length).toBeGreaterThan(10);
    // Nothing blocked, nobody messaged: only a person's review.
    expect((await t.db.query('SELECT 1 FROM stop_sale_blocks WHERE recall_id = $1', [footlong[0].recall_id]))).toEqual([]);
    const [task] = await t.db.query<{ name: string; candidate_roles: string[] }>(
      `SELECT t.name, t.candidate_roles FROM engine_tasks t JOIN engine_instances i ON i.id = t.instance_id WHERE i.business_key = $1`, [footlong[0].reference]);
    expect(task).toMatchObject({ name: 'Review' });
    expect(task!.candidate_roles).toContain('manager');
    // The products that are not in any report stay untouched.
    expect(summary.matched.some((m: { products: { gtin: string }[] }) => m.products.some((p) => p.gtin === '04601234567893'))).toBe(false);
  });

  it('keeps each report once: the same feed again opens nothing new', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recalls'))[0]!.n;
    const again = (await post(NDJSON, 'application/x-ndjson')).json();
    expect(again).toMatchObject({ new_reports: 0, duplicates: 72, matched: [] });
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recalls'))[0]!.n).toBe(before);
  });

  it('matches by brand and name from an openFDA API answer, with the score and reasons on record', async () => {
    const response = await post(JSON.stringify({ meta: {}, results: [API_EXAMPLE] }), 'application/json', 'food-enforcement.json');
    const summary = response.json();
    expect(summary.matched).toHaveLength(1);
    expect(summary.matched[0].products).toEqual([{ gtin: '00012345678905', score: 0.76, reasons: ['brand Cass-Clay', 'name words swiss, chip, gallon (3 of 5)'] }]);
    const [recall] = await t.db.query<{ classification: string; recalling_firm: string; status: string }>('SELECT classification, recalling_firm, status FROM recalls WHERE id = $1', [summary.matched[0].recall_id]);
    expect(recall).toEqual({ classification: 'II', recalling_firm: 'Cass Clay Creamery AMPI Fargo Division', status: 'draft' });
    const [match] = await t.db.query<{ score: string | number; reasons: string[] }>('SELECT score, reasons FROM regulator_feed_matches WHERE recall_id = $1', [summary.matched[0].recall_id]);
    expect(Number(match!.score)).toBe(0.76);
  });

  it('refuses a body with no report, and anyone without recalls:write', async () => {
    const none = await post('{"hello": "world"}', 'application/json');
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('body');
    const viewer = await t.login(['viewer'], 'viewer.feeds@example.com');
    expect((await t.app.inject({ method: 'POST', url: '/api/regulator-feeds/openfda', headers: { cookie: viewer, 'content-type': 'application/json' }, payload: '[]' })).statusCode).toBe(403);
  });
});

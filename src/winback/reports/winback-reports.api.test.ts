import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { loadOrders } from '../test/purchases.ts';
import { newcombeDifference, wilsonInterval } from './newcombe.ts';

/**
 * The W8 report figures on a fixture small enough to count by hand (decision 038). "Now" is
 * 2026-03-01. Segment "Returners" (id S): c1–c6 treated, c7–c8 control, all entered on
 * 2026-01-01; segment "No control": c10, treated only. c9's win-back was started by hand.
 *
 *   c1  reached, price, released, offer 01-10, orders 01-15 (50.00) and 02-20 (50.00), came back
 *   c2  reached, price, released (cause eliminated), no offer yet
 *   c3  reached, bad product, waiting on the cause
 *   c4  reached, bad service, released, offer 01-20; ordered 01-05 (before the offer)
 *   c5  not reached, closed
 *   c6  reached, price, released, offer 02-20, order 02-25 (30.00), came back
 *   c7  control: ordered 2025-12-01 (before entering); c8 control: no order
 *   c9  by hand: reached, competitor
 */
describe('win-back reports API (issue 14, W8)', () => {
  let t: TestApp;
  let manager: string;
  let viewer: string;
  let segment: number;
  let noControl: number;
  const get = (url: string, cookie = manager) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
    viewer = await t.login(['viewer']);
    t.clock.set('2026-03-01T00:00:00Z');
    await loadOrders(t.db, [
      { invoice: 'c1-back', customer: 'c1', at: '2026-01-15T10:00:00Z', valueMinor: 5000, currency: 'EUR' },
      { invoice: 'c1-again', customer: 'c1', at: '2026-02-20T10:00:00Z', valueMinor: 5000, currency: 'EUR' },
      { invoice: 'c4-early', customer: 'c4', at: '2026-01-05T10:00:00Z', valueMinor: 2000, currency: 'EUR' },
      { invoice: 'c6-back', customer: 'c6', at: '2026-02-25T10:00:00Z', valueMinor: 3000, currency: 'EUR' },
      { invoice: 'c7-before', customer: 'c7', at: '2025-12-01T10:00:00Z', valueMinor: 9000, currency: 'EUR' },
    ]);
    await t.db.query(`INSERT INTO customers (external_id, name) SELECT c, 'Customer ' || c FROM unnest($1::text[]) c ON CONFLICT (external_id) DO NOTHING`,
      [['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']]);
    const id = async (c: string) => (await t.db.query<{ id: number }>('SELECT id FROM customers WHERE external_id = $1', [c]))[0]!.id;
    // Segments without a saved version: the evaluation skips them, so the fixture stays as written.
    const newSegment = async (name: string) => (await t.db.query<{ id: number }>(
      "INSERT INTO winback_segments (name, version, control_seed, created_at, created_by) VALUES ($1, 1, 'seed', '2025-12-01', 'test') RETURNING id", [name]))[0]!.id;
    segment = await newSegment('Returners');
    noControl = await newSegment('No control');
    const enter = async (segmentId: number, c: string, control: boolean) => (await t.db.query<{ id: number }>(
      `INSERT INTO winback_segment_entries (segment_id, customer_id, version, trigger, entered_at, control_draw, control_share, control, start_status)
       VALUES ($1, $2, 1, 'schedule', '2026-01-01T00:00:00Z', $3, 0.25, $4, $5) RETURNING id`,
      [segmentId, await id(c), control ? 0.1 : 0.9, control, control ? 'control' : 'started']))[0]!.id;
    const journey = async (c: string, segmentId: number | null, entryId: number | null, fields: Record<string, string | null>, steps: string[]) => {
      const [row] = await t.db.query<{ id: number }>(
        `INSERT INTO winback_journeys (customer_id, segment_id, segment_entry_id, business_key, reason, status, released_at, offered_at, came_back_at, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '2026-01-01T00:00:00Z') RETURNING id`,
        [await id(c), segmentId, entryId, `winback:${c}`, fields.reason ?? null, fields.status ?? 'open', fields.released ?? null, fields.offered ?? null, fields.cameBack ?? null]);
      for (const step of steps) await t.db.query("INSERT INTO winback_step_results (journey_id, step, result, by_label, at) VALUES ($1, 'x', $2, 'test', '2026-01-02')", [row!.id, step]);
    };
    const found = ['reached', 'reason_found'];
    await journey('c1', segment, await enter(segment, 'c1', false), { reason: 'price', status: 'came_back', released: '2026-01-05', offered: '2026-01-10T00:00:00Z', cameBack: '2026-01-15T10:00:00Z' }, [...found, 'released', 'offer_made', 'came_back']);
    await journey('c2', segment, await enter(segment, 'c2', false), { reason: 'price', status: 'offer', released: '2026-01-05' }, [...found, 'released']);
    await journey('c3', segment, await enter(segment, 'c3', false), { reason: 'bad_product', status: 'waiting' }, [...found, 'waiting_on_cause']);
    await journey('c4', segment, await enter(segment, 'c4', false), { reason: 'bad_service', status: 'offered', released: '2026-01-15', offered: '2026-01-20T00:00:00Z' }, [...found, 'released', 'offer_made']);
    await journey('c5', segment, await enter(segment, 'c5', false), { status: 'closed' }, ['not_reached']);
    await journey('c6', segment, await enter(segment, 'c6', false), { reason: 'price', status: 'came_back', released: '2026-02-15', offered: '2026-02-20T00:00:00Z', cameBack: '2026-02-25T10:00:00Z' }, [...found, 'released', 'offer_made', 'came_back']);
    await enter(segment, 'c7', true);
    await enter(segment, 'c8', true);
    await enter(noControl, 'c10', false);
    await journey('c9', null, null, { reason: 'competitor', status: 'waiting' }, found);
  });
  afterAll(async () => t.close());

  it('counts the reasons for leaving per segment and overall, with shares', async () => {
    const response = await get('/api/winback/reports/reasons');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.total).toBe(6);
    expect(report.segments.map((r: { segment_id: number | null; reason: string; count: number; share: number }) => [r.segment_id, r.reason, r.count, r.share])).toEqual([
      [segment, 'price', 3, 0.6], [segment, 'bad_product', 1, 0.2], [segment, 'bad_service', 1, 0.2], [null, 'competitor', 1, 1]]);
    expect(report.overall.map((r: { reason: string; count: number; share: number }) => [r.reason, r.count, r.share])).toEqual([
      ['price', 3, 0.5], ['bad_product', 1, 1 / 6], ['bad_service', 1, 1 / 6], ['competitor', 1, 1 / 6]]);
    expect(report.segments[0]).toMatchObject({ segment_name: 'Returners', label_en: 'Price', label_ru: 'Цена' });
    // One segment only.
    expect((await get(`/api/winback/reports/reasons?segment_id=${segment}`)).json().total).toBe(5);
  });

  it('gives the funnel with conversion between consecutive steps', async () => {
    const all = (await get('/api/winback/reports/funnel')).json();
    expect(all.steps.map((s: { step: string; count: number }) => [s.step, s.count])).toEqual([
      ['entered', 7], ['reached', 6], ['reason_found', 6], ['cause_eliminated', 4], ['offer_made', 3], ['came_back', 2]]);
    const one = (await get(`/api/winback/reports/funnel?segment_id=${segment}`)).json();
    expect(one.steps.map((s: { count: number; conversion: number | null }) => [s.count, s.conversion])).toEqual([
      [6, null], [5, 5 / 6], [5, 1], [4, 4 / 5], [3, 3 / 4], [2, 2 / 3]]);
    // A period before anything started: every step 0, no conversion invented.
    const empty = (await get('/api/winback/reports/funnel?from=2025-01-01&to=2025-06-30')).json();
    expect(empty.steps.every((s: { count: number; conversion: number | null }) => s.count === 0 && s.conversion === null)).toBe(true);
  });

  it('sums the revenue regained within N days of the offer (30 by default)', async () => {
    const thirty = (await get('/api/winback/reports/revenue')).json();
    // c1: 01-15 within 30 days of 01-10 (02-20 is not); c4: nothing after its offer; c6: 02-25, its window still open.
    expect(thirty).toMatchObject({ days: 30, offers: 3, windows_open: 1, customers_returned: 2, by_currency: [{ currency: 'EUR', orders: 2, revenue_minor: 8000 }] });
    const fortyFive = (await get('/api/winback/reports/revenue?days=45')).json();
    expect(fortyFive).toMatchObject({ days: 45, offers: 3, customers_returned: 2, by_currency: [{ currency: 'EUR', orders: 3, revenue_minor: 13000 }] });
  });

  it('measures uplift against the control group with Newcombe\'s interval, and says "not enough data" for an empty group', async () => {
    const report = (await get('/api/winback/reports/uplift')).json();
    expect(report.interval_method).toBe('newcombe_hybrid_score_95');
    const returners = report.segments.find((s: { segment_id: number }) => s.segment_id === segment);
    // Treated: c1, c4 (before its offer, but after entering: intent to treat) and c6 of 6; control: c7 ordered only before entering.
    expect(returners).toMatchObject({ treated: { entries: 6, came_back: 3, rate: 0.5 }, control: { entries: 2, came_back: 0, rate: 0 }, note: null, empty_groups: [], windows_open: 8 });
    expect(returners.uplift.difference).toBe(0.5);
    expect(returners.uplift.low).toBeCloseTo(-0.2280, 4);
    expect(returners.uplift.high).toBeCloseTo(0.8124, 4);
    expect(returners.treated.interval.low).toBeCloseTo(0.1876, 4);
    const lonely = report.segments.find((s: { segment_id: number }) => s.segment_id === noControl);
    expect(lonely).toMatchObject({ treated: { entries: 1, came_back: 0 }, control: { entries: 0, came_back: 0, rate: null, interval: null }, uplift: null, note: 'not_enough_data', empty_groups: ['control'] });
  });

  it('exports each report as CSV for those who may export, audited; refuses the others and a bad period', async () => {
    for (const name of ['reasons', 'funnel', 'revenue', 'uplift']) {
      const refused = await get(`/api/winback/reports/${name}?format=csv`, viewer);
      expect(refused.statusCode).toBe(403);
      expect((await get(`/api/winback/reports/${name}`, viewer)).statusCode).toBe(200);
    }
    const funnel = await get('/api/winback/reports/funnel?format=csv');
    expect(funnel.headers['content-type']).toContain('text/csv');
    expect(funnel.body).toBe('step,count,conversion_from_previous\nentered,7,\nreached,6,0.8571\nreason_found,6,1\ncause_eliminated,4,0.6667\noffer_made,3,0.75\ncame_back,2,0.6667\n');
    const uplift = await get(`/api/winback/reports/uplift?format=csv&segment_id=${segment}`);
    expect(uplift.body.split('\n')[1]).toBe(`${segment},Returners,90,6,3,0.5,2,0,0,0.5,-0.228,0.8124,,8`);
    const reasons = await get('/api/winback/reports/reasons?format=csv');
    expect(reasons.body.split('\n')).toContain('all,,,price,Price,3,0.5');
    expect((await get('/api/winback/reports/revenue?format=csv')).body).toBe('days,offers,windows_open,customers_returned,currency,orders,revenue_minor\n30,3,1,2,EUR,2,8000\n');
    const audited = await t.db.query<{ entity: string; details: { rows: number } }>("SELECT entity, details FROM audit_log WHERE action = 'export_csv' AND entity LIKE 'winback_report_%' ORDER BY id");
    expect(audited.map((a) => [a.entity, a.details.rows])).toEqual([['winback_report_funnel', 6], ['winback_report_uplift', 1], ['winback_report_reasons', 8], ['winback_report_revenue', 1]]);
    const bad = await get('/api/winback/reports/funnel?from=2026-02-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([{ field: 'querystring.to', message: 'must be on or after from' }]);
  });
});

describe('Newcombe\'s interval (decision 038)', () => {
  it('reproduces the published example: 56/70 vs 48/80 gives 0.0524 to 0.3339 (Newcombe 1998, method 10)', () => {
    const d = newcombeDifference(56, 70, 48, 80);
    expect(d.difference).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });
  it('keeps Wilson\'s interval open at a rate of 0 where Wald would collapse to a point', () => {
    expect(wilsonInterval(0, 2)).toEqual({ low: 0, high: expect.closeTo(0.6576, 4) });
  });
});

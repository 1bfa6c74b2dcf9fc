import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { IMPORTERS } from '../../data/import/entities/index.ts';
import { importStream } from '../../data/import/import-file.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { Readable } from 'node:stream';

const GS = String.fromCharCode(29);
const KEFIR = '04607012345677';
const CHARGER = '09506000134352';

describe('stop-sale: block at activation, check at the till', () => {
  let t: TestApp;
  let manager: string;
  let till: string;
  let recallId: number;
  const load = (entity: keyof typeof IMPORTERS, text: string) => importStream(t.db, IMPORTERS[entity], Readable.from([text]), 'csv', { actor: systemActor, source: 'test' });
  const check = (query: string, authorization = `Bearer ${till}`) => t.app.inject({ method: 'GET', url: `/api/stop-sale/check?${query}`, headers: { authorization } });

  beforeAll(async () => {
    t = await startTestApp();
    await load('products', `gtin,name\n${KEFIR},Kefir 1 l\n${CHARGER},USB charger\n`);
    await load('lots', `gtin,lot_code,produced_on\n${KEFIR},L2610-0101,2026-10-01\n${KEFIR},L2610-0102,2026-10-01\n${KEFIR},L2610-0201,2026-10-02\n${KEFIR},L2610-0301,2026-10-03\n`);
    manager = await t.login(['manager']);
    const token = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: manager }, payload: { name: 'till', scopes: ['stop-sale:check'] } });
    till = token.json().token;
    const recall = await t.app.inject({
      method: 'POST',
      url: '/api/recalls',
      headers: { cookie: manager },
      payload: {
        title: 'Kefir and chargers',
        classification: 'I',
        reason: 'contamination; overheating',
        scope: [{ gtin: KEFIR, lot_range: { from: 'L2610-0101', to: 'L2610-0201' } }, { gtin: CHARGER, serials: ['SN-0007'] }],
      },
    });
    recallId = recall.json().id;
  });
  afterAll(async () => t.close());

  it('answers clear before the recall blocks anything', async () => {
    expect((await check(`gtin=${KEFIR}&lot=L2610-0101`)).json()).toMatchObject({ status: 'clear', blocked: false });
  });

  it('blocks every lot in the range and the named serial in one step, and the till sees it at once', async () => {
    const blocked = await t.app.inject({ method: 'POST', url: `/api/recalls/${recallId}/block`, headers: { cookie: manager } });
    expect(blocked.json()).toMatchObject({ lots: 3, serials: 1 });

    const scans = {
      dataMatrix: `code=${encodeURIComponent(`]d201${KEFIR}10L2610-0102${GS}17261031`)}`,
      bracketed: `code=${encodeURIComponent(`(01)${KEFIR}(10)L2610-0201`)}`,
      digitalLink: `code=${encodeURIComponent(`https://id.gs1.org/01/${KEFIR}/10/L2610-0101`)}`,
      typed: `gtin=${KEFIR.slice(1)}&lot=L2610-0101`,
      serial: `code=${encodeURIComponent(`(01)${CHARGER}(21)SN-0007`)}`,
    };
    for (const [how, query] of Object.entries(scans)) {
      const answer = (await check(query)).json();
      expect(answer, how).toMatchObject({ status: 'blocked', blocked: true, recall: { reference: expect.stringMatching(/^RC-/), classification: 'I' } });
    }
  });

  it('leaves other lots and serials alone, and asks for the lot when the scan has none', async () => {
    expect((await check(`gtin=${KEFIR}&lot=L2610-0301`)).json()).toMatchObject({ status: 'clear', blocked: false });
    expect((await check(`code=${encodeURIComponent(`(01)${CHARGER}(21)SN-0008`)}`)).json()).toMatchObject({ status: 'clear' });
    expect((await check(`code=${KEFIR}`)).json()).toMatchObject({ status: 'check_lot', blocked: false, recall: { classification: 'I' } });
  });

  it('explains a code it cannot read as a 400 problem, never a 500', async () => {
    const wrongDigit = await check(`code=${encodeURIComponent(`(01)04607012345678(10)L1`)}`);
    expect(wrongDigit.statusCode).toBe(400);
    expect(wrongDigit.headers['content-type']).toContain('application/problem+json');
    expect(wrongDigit.json().errors[0].field).toBe('querystring.code');
    expect((await check('')).statusCode).toBe(400);
  });

  it('needs a token with the stop-sale scope', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/stop-sale/check?gtin=${KEFIR}` })).statusCode).toBe(401);
    const other = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: manager }, payload: { name: 'reader', scopes: ['data:read'] } });
    expect((await check(`gtin=${KEFIR}`, `Bearer ${other.json().token}`)).statusCode).toBe(403);
  });

  it('offers the block list for download as CSV', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/stop-sale/list?format=csv', headers: { authorization: `Bearer ${till}` } });
    expect(list.headers['content-type']).toContain('text/csv');
    const rows = list.body.trim().split('\n');
    expect(rows[0]).toBe('gtin,lot,serial,recall_reference,classification,blocked_at');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3).join(','))).toEqual([
      `${KEFIR},L2610-0101,`,
      `${KEFIR},L2610-0102,`,
      `${KEFIR},L2610-0201,`,
      `${CHARGER},,SN-0007`,
    ]);
  });
});

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { cisOf } from './chestny-znak.ts';

const GTIN = '04601234567893';
const TOKEN = 'true-api-bearer-token-0123456789abcdef';
const INN = '7701234567';

/**
 * A local True API stand (a real HTTP server) speaking the shapes of the digest in
 * corpora/chestny-znak: cises/info, lk/documents/create (LK_RECEIPT), doc/{id}/info. It keeps
 * code statuses and applies a withdrawal document to the codes in circulation.
 */
function startTrueApi() {
  const statuses = new Map<string, string>([
    [cisOf(GTIN, 'SN001'), 'INTRODUCED'],
    [cisOf(GTIN, 'SN002'), 'INTRODUCED'],
    [cisOf(GTIN, 'SN003'), 'RETIRED'],
    [cisOf(GTIN, 'SN004'), 'EMITTED'],
  ]);
  const documents = new Map<string, { status: string; inner: Record<string, unknown> }>();
  const seen: { path: string; authorization?: string; body?: unknown }[] = [];
  let refuseDocuments = false;
  const read = (request: IncomingMessage) => new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (c) => (text += c)).on('end', () => resolve(text));
  });
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand');
    const text = await read(request);
    const body = text ? JSON.parse(text) : undefined;
    seen.push({ path: url.pathname, authorization: request.headers.authorization, body });
    const json = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error_message: 'Unauthorized' });
    if (request.method === 'POST' && url.pathname === '/api/v3/true-api/cises/info') {
      if (!url.searchParams.get('pg')) return json(400, { error_message: 'pg required' });
      return json(200, (body as string[]).map((cis) => statuses.has(cis)
        ? { cisInfo: { requestedCis: cis, cis, gtin: cis.slice(2, 16), status: statuses.get(cis), ownerInn: INN, ...(statuses.get(cis) === 'RETIRED' ? { withdrawReason: 'OTHER' } : {}) } }
        : { cisInfo: { requestedCis: cis }, errorMessage: 'Код идентификации не найден', errorCode: '404' }));
    }
    if (request.method === 'POST' && url.pathname === '/api/v3/true-api/lk/documents/create') {
      const { type, document_format: format, product_document: inner64 } = body as Record<string, string>;
      if (refuseDocuments) return json(400, { error_message: 'Подпись не прошла проверку' });
      if (type !== 'LK_RECEIPT' || format !== 'MANUAL' || !inner64) return json(400, { error_message: 'bad document' });
      const inner = JSON.parse(Buffer.from(inner64, 'base64').toString('utf8')) as { inn: string; action: string; products: { cis: string }[] };
      const id = `doc-${documents.size + 1}`;
      const ok = inner.inn === INN && inner.products.every((p) => statuses.get(p.cis) === 'INTRODUCED');
      documents.set(id, { status: ok ? 'CHECKED_OK' : 'CHECKED_NOT_OK', inner });
      if (ok) for (const p of inner.products) statuses.set(p.cis, 'RETIRED');
      return response.writeHead(200, { 'content-type': 'text/plain' }).end(id);
    }
    const doc = url.pathname.match(/^\/api\/v4\/true-api\/doc\/([^/]+)\/info$/);
    if (request.method === 'GET' && doc) {
      const found = documents.get(decodeURIComponent(doc[1]!));
      return found ? json(200, { number: doc[1], type: 'LK_RECEIPT', status: found.status, ...(found.status === 'CHECKED_NOT_OK' ? { errors: ['code not in circulation'] } : {}) }) : json(404, { error_message: 'not found' });
    }
    return json(404, { error_message: 'no such endpoint' });
  });
  return new Promise<{ server: Server; base: string; statuses: typeof statuses; documents: typeof documents; seen: typeof seen; refuse(on: boolean): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, statuses, documents, seen, refuse: (on) => (refuseDocuments = on), base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('issue 16.9: Chestny ZNAK — recalled units taken out of circulation, code status checked', () => {
  let t: TestApp;
  let cookie: string;
  let stand: Awaited<ReturnType<typeof startTrueApi>>;
  let recallId: number;
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, who = cookie) =>
    t.app.inject({ method, url, headers: { cookie: who }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    stand = await startTrueApi();
    t = await startTestApp();
    cookie = await t.login(['manager']);
    await t.db.query(`INSERT INTO products (gtin, name, brand, category) VALUES ($1, 'Kefir 2.5%', 'Zorka', 'dairy')`, [GTIN]);
    const created = await api('POST', '/api/recalls', { title: 'Kefir recall', classification: 'II', reason: 'Foreign matter found in bottles', scope: [{ gtin: GTIN, serials: ['SN001', 'SN002', 'SN003', 'SN004', 'SN005'] }] });
    expect(created.statusCode, created.body).toBe(201);
    recallId = created.json().id;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => stand.server.close(resolve));
  });

  it('is off by default: nothing is sent until the company turns it on', async () => {
    expect((await api('GET', '/api/marking/chestny-znak/settings')).json()).toMatchObject({ enabled: false, token_set: false });
    const refused = await api('POST', `/api/recalls/${recallId}/marking/withdraw`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toBe('/problems/marking.disabled');
    expect(stand.seen).toEqual([]);
    expect((await api('GET', `/api/recalls/${recallId}/marking`)).json()).toMatchObject({ enabled: false, withdrawn: 0, codes: [] });
  });

  it('is configured per company with a permission; the token is never shown back', async () => {
    const viewer = await t.login(['viewer'], 'viewer.marking@example.com');
    const settings = { enabled: true, base_url: stand.base, product_group: 'milk', inn: INN, token: TOKEN, withdrawal_action: 'OTHER' };
    expect((await api('PUT', '/api/marking/chestny-znak/settings', settings, viewer)).statusCode).toBe(403);
    const bad = await api('PUT', '/api/marking/chestny-znak/settings', { ...settings, inn: '12' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('inn');
    const saved = await api('PUT', '/api/marking/chestny-znak/settings', settings);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ enabled: true, token_set: true });
    expect(saved.body).not.toContain(TOKEN);
    // Saved again without a token, the token is kept.
    expect((await api('PUT', '/api/marking/chestny-znak/settings', { ...settings, token: undefined })).json()).toMatchObject({ token_set: true });
    const [audit] = await t.db.query<{ details: unknown }>("SELECT details FROM audit_log WHERE entity = 'marking_settings' ORDER BY id LIMIT 1");
    expect(JSON.stringify(audit!.details)).not.toContain(TOKEN);
  });

  it('withdraws the codes in circulation with one LK_RECEIPT and reports every code: withdrawn, failed or its status', async () => {
    const response = await api('POST', `/api/recalls/${recallId}/marking/withdraw`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json(), response.body).toMatchObject({ withdrawn: 3, failed: 2, pending: 0 });
    const byCis = new Map((response.json().codes as { cis: string; error: string | null }[]).map((c) => [c.cis, c]));
    expect(byCis.get(cisOf(GTIN, 'SN001'))).toMatchObject({ outcome: 'withdrawn', status_before: 'INTRODUCED', status: 'RETIRED', document_id: 'doc-1' });
    expect(byCis.get(cisOf(GTIN, 'SN003'))).toMatchObject({ outcome: 'withdrawn', status_before: 'RETIRED', document_id: null });
    expect(byCis.get(cisOf(GTIN, 'SN004'))).toMatchObject({ outcome: 'failed', status: 'EMITTED' });
    expect(byCis.get(cisOf(GTIN, 'SN004'))!.error).toMatch(/not in circulation/);
    expect(byCis.get(cisOf(GTIN, 'SN005'))).toMatchObject({ outcome: 'failed', status: null, error: 'Код идентификации не найден' });
    // The document the stand received: the recall named, the reason, only the codes in circulation.
    expect(stand.documents.get('doc-1')!.inner).toMatchObject({ inn: INN, action: 'OTHER', document_number: expect.stringMatching(/^RC-/), products: [{ cis: cisOf(GTIN, 'SN001') }, { cis: cisOf(GTIN, 'SN002') }] });
    expect(stand.seen.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // Shown on the recall.
    const shown = (await api('GET', `/api/recalls/${recallId}/marking`)).json();
    expect(shown).toMatchObject({ enabled: true, withdrawn: 3, failed: 2, pending: 0 });
    expect(shown.codes).toHaveLength(5);
  });

  it('never withdraws a code twice, and a refused document fails its codes with the reason', async () => {
    const documentsBefore = stand.documents.size;
    stand.statuses.set(cisOf(GTIN, 'SN004'), 'INTRODUCED');
    stand.refuse(true);
    const again = (await api('POST', `/api/recalls/${recallId}/marking/withdraw`)).json();
    expect(again).toMatchObject({ withdrawn: 0, failed: 2 });
    expect(again.codes.find((c: { cis: string }) => c.cis === cisOf(GTIN, 'SN004')).error).toMatch(/HTTP 400/);
    expect(stand.documents.size).toBe(documentsBefore);
    stand.refuse(false);
    const third = (await api('POST', `/api/recalls/${recallId}/marking/withdraw`)).json();
    expect(third).toMatchObject({ withdrawn: 1, failed: 1 });
    const check = (await api('POST', `/api/recalls/${recallId}/marking/check`)).json();
    expect(check).toMatchObject({ withdrawn: 4, failed: 1 });
  });

  it('an API that does not answer fails every code with the reason, and the token stays out of it', async () => {
    await api('PUT', '/api/marking/chestny-znak/settings', { enabled: true, base_url: 'http://127.0.0.1:9', product_group: 'milk', inn: INN });
    const failed = await api('POST', `/api/recalls/${recallId}/marking/withdraw`);
    expect(failed.json()).toMatchObject({ withdrawn: 0, failed: 1 });
    expect(failed.json().codes[0].error).toMatch(/did not answer/);
    expect(failed.body).not.toContain(TOKEN);
  });
});

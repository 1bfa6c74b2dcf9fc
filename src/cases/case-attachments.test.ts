import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCasesFixture, type CasesFixture } from './test/cases-fixture.ts';

const MAX_BYTES = 64 * 1024;

describe('case attachments', () => {
  let f: CasesFixture;
  let caseId: number;
  beforeAll(async () => {
    f = await startCasesFixture({ CASE_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    caseId = (await f.call('POST', '/api/cases', f.agent, { type: 'complaint', title: 'Broken seal' })).body.id;
  });
  afterAll(async () => f?.t.close());

  const upload = (fileName: string, contentType: string | undefined, payload: Buffer | string | Readable, cookie = f.agent) =>
    f.t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/attachments?file_name=${encodeURIComponent(fileName)}`,
      headers: { cookie, ...(contentType ? { 'content-type': contentType } : {}) },
      payload,
    });

  it('stores a file and gives back the same bytes with its type, its UTF-8 name and its hash', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(40_000)]);
    const sha256 = createHash('sha256').update(png).digest('hex');
    const stored = await upload('фото чека.png', 'image/png', png);
    expect(stored.statusCode).toBe(201);
    expect(stored.json()).toMatchObject({ file_name: 'фото чека.png', content_type: 'image/png', size_bytes: png.length, sha256 });

    const download = await f.t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments/${stored.json().id}`, headers: { cookie: f.viewer } });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="____ ____.png"; filename*=UTF-8''${encodeURIComponent('фото чека.png')}`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['x-content-sha256']).toBe(sha256);

    const again = await f.t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments/${stored.json().id}`, headers: { cookie: f.viewer, 'if-none-match': `"${sha256}"` } });
    expect(again.statusCode).toBe(304);
  });

  it('keeps a JSON or HTML file as a file, and serves HTML only as a sandboxed download', async () => {
    const json = await upload('order.json', 'application/json', '{"order": 42}');
    expect(json.statusCode).toBe(201);
    const html = await upload('page.html', 'text/html; charset=utf-8', '<script>alert(1)</script>');
    expect(html.statusCode).toBe(201);
    expect(html.json().content_type).toBe('text/html');
    const download = await f.t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments/${html.json().id}`, headers: { cookie: f.viewer } });
    expect(download.body).toBe('<script>alert(1)</script>');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it.each([
    ['a program by its name', 'invoice.pdf.exe', 'application/pdf', Buffer.from('%PDF-1.7')],
    ['a program by its declared type', 'setup.dat', 'application/x-msdownload', Buffer.from('hello')],
    ['a Windows program named like a photo', 'photo.jpg', 'image/jpeg', Buffer.concat([Buffer.from('MZ'), randomBytes(100)])],
    ['a script named like a text', 'notes.txt', 'text/plain', Buffer.from('#!/bin/sh\nrm -rf /\n')],
  ])('refuses %s with 422', async (_what, name, type, bytes) => {
    const response = await upload(name, type, bytes);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().type).toBe('/problems/cases.attachment_refused');
  });

  it('refuses a file over the limit with 413, whether its length is declared or it streams in chunks', async () => {
    const declared = await upload('big.bin', 'application/octet-stream', randomBytes(MAX_BYTES + 1));
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toMatchObject({ status: 413, max_bytes: MAX_BYTES });
    const chunks = Array.from({ length: 20 }, () => randomBytes(8 * 1024));
    const streamed = await upload('big.bin', 'application/octet-stream', Readable.from(chunks));
    expect(streamed.statusCode).toBe(413);
  });

  it('refuses an empty file, a missing name and an unknown case with problems', async () => {
    const empty = await upload('empty.txt', 'text/plain', '');
    expect(empty.statusCode).toBe(400);
    const nameless = await f.t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments`, headers: { cookie: f.agent, 'content-type': 'text/plain' }, payload: 'x' });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().errors[0].field).toBe('querystring.file_name');
    const nowhere = await f.t.app.inject({ method: 'POST', url: '/api/cases/999999/attachments?file_name=a.txt', headers: { cookie: f.agent, 'content-type': 'text/plain' }, payload: 'x' });
    expect(nowhere.statusCode).toBe(404);
  });

  it('lists and removes files, each change on the case timeline', async () => {
    const note = await upload('../../etc/note.txt', 'text/plain', 'call back after 5');
    expect(note.json().file_name).toBe('note.txt'); // no path survives
    const listed = await f.call('GET', `/api/cases/${caseId}/attachments`, f.viewer);
    expect(listed.body.map((a: { file_name: string }) => a.file_name)).toContain('note.txt');
    expect((await f.call('DELETE', `/api/cases/${caseId}/attachments/${note.json().id}`, f.agent)).status).toBe(204);
    expect((await f.call('GET', `/api/cases/${caseId}/attachments/${note.json().id}`, f.viewer)).status).toBe(404);
    const kinds = (await f.call('GET', `/api/cases/${caseId}/timeline`, f.viewer)).body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['attachment_added', 'attachment_removed']));
  });
});

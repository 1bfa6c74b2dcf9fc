import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import type { Db } from '../platform/db/database.ts';
import { openPostgres } from '../platform/db/postgres.ts';
import { buildApp } from '../platform/http/app.ts';
import { MODULES } from '../modules.ts';
import { complaintUploadToken, PUBLIC_UPLOAD_MAX_FILES } from './public-attachments.routes.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * Issue 12: the public page's five-file limit was counted before the upload was read and
 * stored in another transaction, so 16 uploads at once across two nodes stored 8. Two app
 * instances — on PostgreSQL each with its own connection pool to the same database, on
 * PGlite sharing the one embedded database — take 16 uploads with one token at once.
 */
describe('the five-file limit of a public complaint under concurrent uploads', () => {
  let t: TestApp;
  let second: { app: FastifyInstance; db?: Db };
  let caseId: number;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    let db = t.db;
    if (process.env.TEST_DATABASE_URL) {
      const [current] = await t.db.query<{ name: string }>('SELECT current_database() AS name');
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${current!.name}`;
      db = await openPostgres(url.toString(), 4);
    }
    const app = await buildApp({ ...t.ctx, db }, { modules: MODULES, logger: false });
    await app.ready();
    second = { app, db: db === t.db ? undefined : db };
    const agent = await t.login(['agent']);
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: agent }, payload: { type: 'complaint', title: 'Wet parcel' } });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    token = complaintUploadToken(t.ctx, caseId).token;
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.db?.close();
    await t.close();
  });

  it('stores exactly five of 16 simultaneous uploads across two nodes and refuses the rest with 409', async () => {
    const nodes = [t.app, second.app];
    const responses = await Promise.all(Array.from({ length: 16 }, (_, i) => nodes[i % 2]!.inject({
      method: 'POST', url: `/api/public/complaints/attachments?t=${encodeURIComponent(token)}&file_name=photo-${i}.png`, headers: { 'content-type': 'image/png' }, payload: PNG,
    })));
    const accepted = responses.filter((r) => r.statusCode === 201);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(accepted.length + refused.length, responses.map((r) => `${r.statusCode} ${r.body}`).join('\n')).toBe(16);
    expect(accepted).toHaveLength(PUBLIC_UPLOAD_MAX_FILES);
    // Each accepted upload counted the ones before it under the lock: 1, 2, 3, 4, 5, no number twice.
    expect(accepted.map((r) => r.json().files).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(refused.map((r) => r.json().type)).toEqual(Array(11).fill('/problems/complaints.too_many_files'));
    const [stored] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_attachments WHERE case_id = $1', [caseId]);
    expect(Number(stored!.n)).toBe(PUBLIC_UPLOAD_MAX_FILES);
  });
});

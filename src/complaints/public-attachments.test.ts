import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';

// The smallest valid PNG: a 1×1 transparent pixel.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('photos and documents with a complaint from the public page', () => {
  let t: TestApp;
  let token: string;
  let caseId: number;
  const upload = (fileName: string, body: Buffer, contentType = 'image/png', t_ = token) =>
    t.app.inject({ method: 'POST', url: `/api/public/complaints/attachments?t=${encodeURIComponent(t_)}&file_name=${encodeURIComponent(fileName)}`, headers: { 'content-type': contentType }, payload: body });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 50, orders: 300 });
    const [buyer] = await t.db.query<{ order: string; email: string }>(
      `SELECT o.external_id AS order, cu.email FROM orders o JOIN customers cu ON cu.id = o.customer_id WHERE cu.email IS NOT NULL ORDER BY o.id LIMIT 1`);
    const response = await t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: { order_number: buyer!.order, email: buyer!.email, category: 'product_quality', essence: 'The lid was cracked, see the photo.' } });
    expect(response.statusCode, response.body).toBe(201);
    token = response.json().upload_token;
    expect(response.json().upload_until).toEqual(expect.any(String));
    const [row] = await t.db.query<{ id: number }>('SELECT id FROM cases WHERE business_key = $1', [response.json().reference]);
    caseId = row!.id;
  });
  afterAll(async () => t.close());

  it('attaches a photo to the complaint the token names, as the customer', async () => {
    const response = await upload('cracked lid.png', PNG);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ file_name: 'cracked lid.png', size_bytes: PNG.length, files: 1 });
    const [file] = await t.db.query<{ file_name: string; uploaded_by: string; content: Buffer }>('SELECT file_name, uploaded_by, content FROM case_attachments WHERE case_id = $1', [caseId]);
    expect(file).toMatchObject({ file_name: 'cracked lid.png', uploaded_by: 'customer (complaint page)' });
    expect(Buffer.compare(file!.content, PNG)).toBe(0);
  });

  it('refuses programs, forged tokens, a sixth file and files past the hour, with problem+json', async () => {
    const program = await upload('invoice.exe', Buffer.from('MZ\x90\x00rest-of-a-program'), 'application/octet-stream');
    expect(program.statusCode).toBe(422);
    expect(program.headers['content-type']).toContain('application/problem+json');
    const forged = await upload('a.png', PNG, 'image/png', `${token.slice(0, -3)}xyz`);
    expect(forged.statusCode).toBe(401);
    for (let i = 2; i <= 5; i++) expect((await upload(`photo-${i}.png`, PNG)).statusCode).toBe(201);
    const sixth = await upload('photo-6.png', PNG);
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json()).toMatchObject({ type: '/problems/complaints.too_many_files' });
    t.clock.advance(61 * 60_000);
    const late = await upload('late.png', PNG);
    expect(late.statusCode).toBe(401);
    expect(late.json().detail).toContain('has passed');
    expect(await t.db.query('SELECT 1 FROM case_attachments WHERE case_id = $1', [caseId])).toHaveLength(5);
  });
});

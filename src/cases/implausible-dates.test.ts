import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';

/** Issue 12, acceptance 2: no date breaks a screen. */
describe('dates outside the plausible years', () => {
  let t: TestApp;
  let manager = '';
  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
  });
  afterAll(async () => t?.close());

  const complaint = (receivedAt: string) => ({ channel: 'phone', category: 'product_quality', essence: 'The seal was broken', received_at: receivedAt });

  it.each(['0024-09-04T00:31:03Z', '0099-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2201-01-01T00:00:00Z'])('refuses a complaint received at %s with a 400 naming body.received_at', async (receivedAt) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: manager }, payload: complaint(receivedAt) });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([{ field: 'body.received_at', message: expect.stringContaining('1900–2200') }]);
  });

  it('takes the first plausible year', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: manager }, payload: complaint('1900-01-01T00:00:00Z') });
    expect(response.statusCode, response.body).toBe(201);
  });

  it('refuses a report over the years 0001–9999 naming the field', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/complaints/report?from=0001-01-01&to=9999-12-31', headers: { cookie: manager } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['querystring.from', 'querystring.to']);
  });

  it('keeps the case list and the case page working when a row already holds year 24', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: manager }, payload: { type: 'complaint', title: 'Stored before the bound' } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    // What an earlier version let in; the API no longer does.
    await t.db.query(`UPDATE cases SET received_at = '0024-09-04T00:31:03Z' WHERE id = $1`, [id]);

    const list = await t.app.inject({ method: 'GET', url: '/api/cases?limit=500', headers: { cookie: manager } });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.find((c: { id: number }) => c.id === id).received_at).toBe('0024-09-04T00:31:03.000Z');
    const page = await t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: manager } });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().case.received_at).toBe('0024-09-04T00:31:03.000Z');
  });
});

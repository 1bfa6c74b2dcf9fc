import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { currentRequestId, requestIdFrom, withRequestId } from './request-context.ts';

describe('a request id that follows the work', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it("keeps a proxy's well-formed X-Request-Id and answers with it; replaces one that is not", async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'edge-7f3a.42' } });
    expect(kept.headers['x-request-id']).toBe('edge-7f3a.42');
    const replaced = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nwith a line break' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(requestIdFrom('x'.repeat(65))).not.toBe('x'.repeat(65));
  });

  it('is written into the jobs enqueued under it and restored while a worker runs them', async () => {
    const queue = 'request-id-probe';
    await t.ctx.jobs.ensureQueue(queue);
    const seen: (string | undefined)[] = [];
    let done!: () => void;
    const ran = new Promise<void>((resolve) => (done = resolve));
    await t.ctx.jobs.work(queue, { pollingIntervalSeconds: 0.5 }, async () => {
      seen.push(currentRequestId());
      done();
    });
    const jobId = await withRequestId('req-from-the-edge', () => t.ctx.jobs.send(queue, { what: 'probe' }));
    const [row] = await t.db.query<{ data: { requestId?: string; what: string } }>('SELECT data FROM pgboss.job WHERE id = $1', [jobId]);
    expect(row!.data).toEqual({ what: 'probe', requestId: 'req-from-the-edge' });
    await ran;
    expect(seen).toEqual(['req-from-the-edge']);
  });

  it('leaves jobs enqueued outside any request as they were', async () => {
    const jobId = await t.ctx.jobs.send('request-id-probe', { what: 'scheduled' }, { startAfter: 3600 });
    const [row] = await t.db.query<{ data: object }>('SELECT data FROM pgboss.job WHERE id = $1', [jobId]);
    expect(row!.data).toEqual({ what: 'scheduled' });
  });
});

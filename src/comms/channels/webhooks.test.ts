import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueWebhook } from '../outbox/enqueue-webhook.ts';
import { eventually } from '../testing/fixtures.ts';
import { verifyWebhook } from './webhook-signature.ts';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
}

describe('outgoing webhooks, signed and retried', () => {
  let t: TestApp;
  let receiverUrl: string;
  let answers: number[] = [];
  const deliveries: Delivery[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const status = answers.shift() ?? 204;
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/rebound`;
    // The receiver runs on this machine: an operator would list its network the same way.
    t = await startTestApp({ COMMS_RETRY_BASE_SECONDS: '1', COMMS_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('registers a receiver, shows its secret once, and delivers a signed event after retrying a 500', async () => {
    const cookie = await t.login(['manager']);
    const created = await t.app.inject({ method: 'POST', url: '/api/comms/webhook-endpoints', headers: { cookie }, payload: { name: 'Chain A', url: receiverUrl } });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/comms/webhook-endpoints', headers: { cookie } })).json();
    expect(JSON.stringify(listed)).not.toContain(secret);

    answers = [500];
    const queued = await t.db.transaction((tx) => enqueueWebhook(tx, t.ctx, {
      endpointId: id, event: 'recall.block_list', deliveryKey: 'recall-42-v1', reason: 'recall.stop_sale', resource: { type: 'recall', id: 42 },
      payload: { recall: 42, lots: ['L2401', 'L2402'] },
    }));
    expect(queued.status).toBe('queued');
    await eventually(async () => deliveries.length >= 1);
    // Move the clock only once the 500 is on record: a retry planned from the moved clock
    // would fall due after it, and the clock stands still in tests.
    await eventually(async () => (await t.db.query(`SELECT 1 FROM comms_messages WHERE id = $1 AND status = 'queued' AND attempts = 1`, [queued.messageId])).length > 0);
    t.clock.advance(5_000);
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [queued.messageId, 'sent'])).length > 0);

    expect(deliveries.map((d) => d.status)).toEqual([500, 204]);
    const last = deliveries[1]!;
    expect(JSON.parse(last.body)).toEqual({ id: `webhook:${id}:recall-42-v1`, event: 'recall.block_list', data: { recall: 42, lots: ['L2401', 'L2402'] } });
    expect(last.headers['x-rebound-event']).toBe('recall.block_list');
    expect(last.headers['x-rebound-delivery']).toBe(`webhook:${id}:recall-42-v1`);
    const timestamp = String(last.headers['x-rebound-timestamp']);
    const signature = String(last.headers['x-rebound-signature']);
    const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifyWebhook(secret, timestamp, signature, last.body, nowSeconds)).toBe(true);
    expect(verifyWebhook(secret, timestamp, signature, last.body.replace('L2402', 'L9999'), nowSeconds)).toBe(false);
    expect(verifyWebhook('whsec_other', timestamp, signature, last.body, nowSeconds)).toBe(false);
    expect(verifyWebhook(secret, timestamp, signature, last.body, nowSeconds + 3600)).toBe(false);

    const again = await t.db.transaction((tx) => enqueueWebhook(tx, t.ctx, { endpointId: id, event: 'recall.block_list', deliveryKey: 'recall-42-v1', reason: 'x', payload: {} }));
    expect(again.status).toBe('duplicate');
  });
});

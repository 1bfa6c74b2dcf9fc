import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { isPublicAddress, literalDestinationProblem, parseNetworks } from './safe-destination.ts';
import { webhookChannel } from './webhook.channel.ts';

describe('webhooks reach only public receivers unless an operator allows a network', () => {
  it('tells public addresses from loopback, link-local, private, shared and mapped ones', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::5', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '224.0.0.1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(address), address).toBe(true);
    const allowed = parseNetworks(['10.20.0.0/16', '127.0.0.1']);
    expect(isPublicAddress('10.20.3.4', allowed)).toBe(true);
    expect(isPublicAddress('10.21.3.4', allowed)).toBe(false);
    expect(isPublicAddress('::ffff:127.0.0.1', allowed)).toBe(true);
  });

  it('refuses a literal internal address or localhost when the receiver is registered', () => {
    expect(literalDestinationProblem('http://169.254.169.254/latest/meta-data')).toMatch(/169\.254\.169\.254, which is not a public address/);
    expect(literalDestinationProblem('http://[::1]:8080/')).toMatch(/::1/);
    expect(literalDestinationProblem('http://localhost:3000/api')).toMatch(/localhost/);
    expect(literalDestinationProblem('https://hooks.chain.example/recalls')).toBeUndefined();
    expect(literalDestinationProblem('http://127.0.0.1:9/', parseNetworks(['127.0.0.1']))).toBeUndefined();
  });

  describe('at send time', () => {
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      received.push(request.url ?? '');
      response.writeHead(204).end();
    });
    let port = 0;
    beforeAll(async () => {
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      port = (receiver.address() as AddressInfo).port;
    });
    afterAll(async () => new Promise((resolve) => receiver.close(resolve)));

    const message = (to: string) => ({ id: 1, channel: 'webhook', to, text: '{"x":1}', idempotencyKey: 'k-1', event: 'test', secret: 's' }) as never;

    it('does not post to a name that resolves to loopback, and fails for good without saying what answers there', async () => {
      const outcome = await webhookChannel().send(message(`http://localhost:${port}/internal`));
      expect(outcome).toMatchObject({ kind: 'permanent' });
      expect((outcome as { error: string }).error).toMatch(/not a public address/);
      expect(received).toEqual([]);
    });

    it('posts to the same receiver once its network is allowed', async () => {
      const outcome = await webhookChannel({ allowedNetworks: parseNetworks(['127.0.0.1']) }).send(message(`http://localhost:${port}/allowed`));
      expect(outcome).toEqual({ kind: 'accepted' });
      expect(received).toEqual(['/allowed']);
    });
  });

  describe('the registration API', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('answers 400 naming the field for the cloud metadata address', async () => {
      const cookie = await t.login(['manager']);
      const refused = await t.app.inject({ method: 'POST', url: '/api/comms/webhook-endpoints', headers: { cookie }, payload: { name: 'metadata', url: 'http://169.254.169.254/latest/meta-data/' } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ type: '/problems/comms.webhook_destination_refused', errors: [{ field: 'body.url' }] });
    });
  });
});

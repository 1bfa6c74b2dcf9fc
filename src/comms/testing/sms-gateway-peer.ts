import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SmsGatewayRequest } from '../channels/sms-gateway.channel.ts';

/**
 * A local HTTP server speaking the SMS gateway contract of docs/comms/sms-gateway.md: the
 * test double for a provider that cannot exist here. It checks the bearer credential,
 * refuses invalid numbers with 422, honours the reference (a repeated reference returns
 * the first id without sending again) and can post delivery reports back.
 */
export interface SmsGatewayPeer {
  url: string;
  sent: (SmsGatewayRequest & { id: string })[];
  requests: number;
  /** Answer 503 to the next N requests. */
  failNext(count: number): void;
  /** Posts a delivery report for a sent message to its callback URL. */
  report(reference: string, status: 'delivered' | 'failed' | 'undelivered', callbackToken: string, post?: (url: string, init: RequestInit) => Promise<Response>): Promise<Response>;
  close(): Promise<void>;
}

export async function startSmsGatewayPeer(options: { token: string; failNext?: number }): Promise<SmsGatewayPeer> {
  const sent: (SmsGatewayRequest & { id: string })[] = [];
  const byReference = new Map<string, string>();
  let failNext = options.failNext ?? 0;
  let requests = 0;
  const server = createServer((request, response) => {
    void (async () => {
      requests++;
      const reply = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.method !== 'POST' || request.url !== '/messages') return reply(404, { error: 'not found' });
      if (request.headers.authorization !== `Bearer ${options.token}`) return reply(401, { error: 'bad credentials' });
      const body = JSON.parse(await readBody(request)) as SmsGatewayRequest;
      if (failNext > 0) {
        failNext--;
        return reply(503, { error: 'temporarily unavailable' });
      }
      if (!/^\+[1-9]\d{6,14}$/.test(body.to)) return reply(422, { error: `invalid number ${body.to}` });
      const known = byReference.get(body.reference);
      if (known) return reply(200, { id: known, status: 'accepted' });
      const id = `gw-${sent.length + 1}`;
      byReference.set(body.reference, id);
      sent.push({ ...body, id });
      return reply(202, { id, status: 'accepted' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    get requests() {
      return requests;
    },
    failNext(count) {
      failNext = count;
    },
    async report(reference, status, callbackToken, post = fetch) {
      const message = sent.find((m) => m.reference === reference);
      if (!message) throw new Error(`no message with reference ${reference}`);
      return post(message.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${callbackToken}` },
        body: JSON.stringify({ reference, id: message.id, status }),
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

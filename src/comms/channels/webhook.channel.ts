import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BlockList } from 'node:net';
import { describeError, type ChannelAdapter, type OutgoingMessage, type SendOutcome } from './channel.ts';
import { BlockedDestinationError, safeLookup } from './safe-destination.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

/**
 * Signed JSON POSTs to receivers' endpoints. Any 2xx is accepted; 4xx other than 408/429
 * means the receiver will never take this delivery; everything else is retried with backoff.
 * Only public addresses are reached (or those an operator allowed): see safe-destination.ts.
 * A redirect is an answer, not followed.
 */
export function webhookChannel(options: { timeoutMs?: number; now?: () => Date; allowedNetworks?: BlockList } = {}): ChannelAdapter {
  const lookup = safeLookup(options.allowedNetworks);
  return {
    channel: 'webhook',
    concurrency: 8,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
      let status: number;
      try {
        status = await post(message.to, message.text, {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(message.secret ?? '', timestamp, message.text),
          [DELIVERY_HEADER]: message.idempotencyKey,
          [EVENT_HEADER]: message.event ?? 'message',
        }, options.timeoutMs ?? 15_000, lookup);
      } catch (error) {
        // A refused destination will not become public by waiting: no retries, and no hint of what answers there.
        if (error instanceof BlockedDestinationError) return { kind: 'permanent', error: error.message };
        return { kind: 'transient', error: `receiver unreachable: ${describeError(error)}` };
      }
      if (status >= 200 && status < 300) return { kind: 'accepted' };
      if (status === 408 || status === 429 || status >= 500) return { kind: 'transient', error: `receiver answered HTTP ${status}` };
      return { kind: 'permanent', error: `receiver refused with HTTP ${status}` };
    },
    async close() {},
  };
}

function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, lookup: ReturnType<typeof safeLookup>): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (!send) return reject(new Error(`unsupported scheme ${target.protocol}`));
    const request = send(target, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup: lookup as never, timeout: timeoutMs }, (response: IncomingMessage) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

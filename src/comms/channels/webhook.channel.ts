import { describeError, type ChannelAdapter, type OutgoingMessage, type SendOutcome } from './channel.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

/**
 * Signed JSON POSTs to receivers' endpoints. Any 2xx is accepted; 4xx other than 408/429
 * means the receiver will never take this delivery; everything else is retried with backoff.
 */
export function webhookChannel(options: { timeoutMs?: number; now?: () => Date } = {}): ChannelAdapter {
  return {
    channel: 'webhook',
    concurrency: 8,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
      let response: Response;
      try {
        response = await fetch(message.to, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(message.secret ?? '', timestamp, message.text),
            [DELIVERY_HEADER]: message.idempotencyKey,
            [EVENT_HEADER]: message.event ?? 'message',
          },
          body: message.text,
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
          redirect: 'manual',
        });
        await response.arrayBuffer().catch(() => undefined);
      } catch (error) {
        return { kind: 'transient', error: `receiver unreachable: ${describeError(error)}` };
      }
      if (response.status >= 200 && response.status < 300) return { kind: 'accepted' };
      if (response.status === 408 || response.status === 429 || response.status >= 500) return { kind: 'transient', error: `receiver answered HTTP ${response.status}` };
      return { kind: 'permanent', error: `receiver refused with HTTP ${response.status}` };
    },
    async close() {},
  };
}

import { describeError, type ChannelAdapter, type OutgoingMessage, type SendOutcome } from './channel.ts';

export interface SmsGatewayOptions {
  /** Base URL; messages are POSTed to `${url}/messages` (docs/comms/sms-gateway.md). */
  url: string;
  token?: string;
  /** Sender pool: ids or numbers used in turn, so the pool's combined rate applies. */
  senders: readonly string[];
  /** Where the gateway posts delivery reports. */
  callbackUrl: string;
  timeoutMs?: number;
}

/** The JSON a gateway receives; documented in docs/comms/sms-gateway.md. */
export interface SmsGatewayRequest {
  reference: string;
  from: string;
  to: string;
  text: string;
  callbackUrl: string;
}

/**
 * SMS through an HTTP gateway. The `reference` is our idempotency key: a gateway that
 * honours it (as the documented contract asks) never sends one reference twice, which is
 * what makes a retry after a lost answer safe.
 */
export function smsGatewayChannel(options: SmsGatewayOptions): ChannelAdapter {
  let next = 0;
  const base = options.url.replace(/\/$/, '');
  return {
    channel: 'sms',
    concurrency: 8,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const from = options.senders[next++ % options.senders.length]!;
      const body: SmsGatewayRequest = { reference: message.idempotencyKey, from, to: message.to, text: message.text, callbackUrl: options.callbackUrl };
      let response: Response;
      try {
        response = await fetch(`${base}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        return { kind: 'transient', error: `gateway unreachable: ${describeError(error)}` };
      }
      const answer = (await response.json().catch(() => ({}))) as { id?: unknown; error?: unknown };
      const detail = `HTTP ${response.status}${typeof answer.error === 'string' ? `: ${answer.error.slice(0, 300)}` : ''}`;
      if (response.ok && typeof answer.id === 'string') return { kind: 'accepted', providerId: answer.id };
      if (response.ok) return { kind: 'transient', error: 'gateway answered without a message id' };
      if (response.status === 429 || response.status >= 500 || response.status === 408) return { kind: 'transient', error: `gateway: ${detail}` };
      return { kind: 'permanent', error: `gateway refused: ${detail}`, bounced: response.status === 422 };
    },
    async close() {},
  };
}

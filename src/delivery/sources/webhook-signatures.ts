import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type WebhookKind = 'easypost' | 'shippo' | 'aftership';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex>` over the raw body, keyed by the NFKD-normalised webhook secret (as its client libraries check it). */
export const easyPostSignature = (secret: string, body: Buffer): string =>
  `hmac-sha256-hex=${createHmac('sha256', Buffer.from(secret.normalize('NFKD'), 'utf8')).update(body).digest('hex')}`;

/** AfterShip tracking: `aftership-hmac-sha256: <base64>` over the raw body, keyed by the account's webhook secret. */
export const afterShipSignature = (secret: string, body: Buffer): string => createHmac('sha256', secret).update(body).digest('base64');

/**
 * Whether a webhook proves it comes from the source that holds this secret. Shippo signs
 * nothing, so its source is given a secret token to put in the webhook URL (`?token=`,
 * dropped from request logs) or an `X-Rebound-Token` header.
 */
export function webhookIsAuthentic(kind: WebhookKind, secret: string, headers: IncomingHttpHeaders, query: Record<string, unknown>, body: Buffer): boolean {
  switch (kind) {
    case 'easypost': {
      const given = header(headers, 'x-hmac-signature');
      return !!given && safeEqual(given, easyPostSignature(secret, body));
    }
    case 'aftership': {
      const given = header(headers, 'aftership-hmac-sha256');
      return !!given && safeEqual(given, afterShipSignature(secret, body));
    }
    case 'shippo': {
      const given = header(headers, 'x-rebound-token') ?? (typeof query.token === 'string' ? query.token : undefined);
      return !!given && safeEqual(given, secret);
    }
  }
}

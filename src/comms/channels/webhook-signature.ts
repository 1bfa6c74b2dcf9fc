import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Outgoing webhooks are signed like Stripe's: HMAC-SHA256 over "<timestamp>.<body>" with
 * the endpoint's secret. The timestamp is inside the signature, so a receiver that rejects
 * old timestamps (5 minutes is usual) is safe from replays of a captured delivery.
 */
export const SIGNATURE_HEADER = 'x-rebound-signature';
export const TIMESTAMP_HEADER = 'x-rebound-timestamp';
export const DELIVERY_HEADER = 'x-rebound-delivery';
export const EVENT_HEADER = 'x-rebound-event';

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** What a receiver does (and what the tests do as the receiver). */
export function verifyWebhook(secret: string, timestampHeader: string, signatureHeader: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signatureHeader);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

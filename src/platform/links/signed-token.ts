import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens for public pages (survey links, unsubscribe, claim forms,
 * order trackers): `<payload>.<signature>`, both base64url. The payload says what the
 * token is for (`purpose`), so a survey link can never be replayed as an unsubscribe link.
 */
export interface SignedPayload {
  /** What the token opens, e.g. 'survey', 'unsubscribe'. */
  purpose: string;
  /** The subject: a survey invitation id, a customer id… */
  subject: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  [claim: string]: unknown;
}

export type VerifyResult = { ok: true; payload: SignedPayload } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_purpose' };

const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('base64url');

export function signToken(key: string, payload: Omit<SignedPayload, 'exp'>, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${body}.${sign(key, body)}`;
}

export function verifyToken(key: string, token: string, purpose: string, now: Date): VerifyResult {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  let payload: SignedPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignedPayload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.purpose !== purpose) return { ok: false, reason: 'wrong_purpose' };
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

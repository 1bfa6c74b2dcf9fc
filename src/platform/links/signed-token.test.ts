import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './signed-token.ts';

const key = 'k'.repeat(48);
const now = new Date('2026-03-01T10:00:00Z');
const inAWeek = new Date('2026-03-08T10:00:00Z');

describe('signed public-link tokens', () => {
  it('verify for their purpose until they expire', () => {
    const token = signToken(key, { purpose: 'survey', subject: '42' }, inAWeek);
    expect(verifyToken(key, token, 'survey', now)).toMatchObject({ ok: true, payload: { purpose: 'survey', subject: '42' } });
    expect(verifyToken(key, token, 'survey', new Date('2026-03-08T10:00:01Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse another purpose, another key and any tampering', () => {
    const token = signToken(key, { purpose: 'survey', subject: '42' }, inAWeek);
    expect(verifyToken(key, token, 'unsubscribe', now)).toEqual({ ok: false, reason: 'wrong_purpose' });
    expect(verifyToken('x'.repeat(48), token, 'survey', now)).toEqual({ ok: false, reason: 'bad_signature' });
    const [body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ purpose: 'survey', subject: '43', exp: 2e9 })).toString('base64url');
    expect(verifyToken(key, `${forged}.${signature}`, 'survey', now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(key, `${body}`, 'survey', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

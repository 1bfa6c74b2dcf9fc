import { describe, expect, it, vi } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { buildApp } from '../http/app.ts';
import { signToken } from '../links/signed-token.ts';
import { REDACTED, redactUrl } from './redact-url.ts';

describe('addresses in request logs', () => {
  const signed = signToken('k'.repeat(32), { purpose: 'survey', subject: '42' }, new Date(Date.UTC(2030, 0, 1)));

  it('drops the token of a signed link, by name or by shape', () => {
    expect(redactUrl(`/surveys/respond?token=${signed}&lang=sv`)).toBe(`/surveys/respond?token=${REDACTED}&lang=sv`);
    expect(redactUrl(`/comms/click?u=https%3A%2F%2Fshop.example&x=${encodeURIComponent(signed)}`)).toBe(`/comms/click?u=https%3A%2F%2Fshop.example&x=${REDACTED}`);
    expect(redactUrl(`/p/claim/${signed}`)).toBe(`/p/claim/${REDACTED}`);
    expect(redactUrl('/api/x?access_token=rbd_abcdefghijk')).toBe(`/api/x?access_token=${REDACTED}`);
    expect(redactUrl('/api/x?key=rbd_abcdefghijkl')).toBe(`/api/x?key=${REDACTED}`);
  });

  it('drops personal data: search terms, parameters named for a person, anything shaped like an e-mail or a phone (issue 18.6)', () => {
    expect(redactUrl('/api/customers?search=Anna%20Svensson&limit=20')).toBe(`/api/customers?search=${REDACTED}&limit=20`);
    expect(redactUrl('/api/customers?q=anna&email=anna%40example.se&phone=%2B46701234567')).toBe(`/api/customers?q=${REDACTED}&email=${REDACTED}&phone=${REDACTED}`);
    expect(redactUrl('/api/x?who=anna%40example.se&tel2=%2B46%2070%20123%2045%2067&n=070-123%2045%2067')).toBe(`/api/x?who=${REDACTED}&tel2=${REDACTED}&n=${REDACTED}`);
    expect(redactUrl('/api/contacts/anna@example.se/history')).toBe(`/api/contacts/${REDACTED}/history`);
  });

  it('keeps everything else as it was', () => {
    for (const url of ['/api/cases?limit=50&offset=0', '/01/09506000134352/10/L2609-2943', '/p/check?lang=uk', '/console/customers/42', '/api/x?flag&y=1', '/api/orders?from=2026-11-01&to_id=1234567', '/api/customers/12345678', '/01/09506000134352']) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('is what the server logs for a request to a signed link', async () => {
    const t = await startTestApp({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      const app = await buildApp(t.ctx);
      await app.inject({ method: 'GET', url: `/comms/unsubscribe?token=${signed}` });
      await app.close();
    } finally {
      spy.mockRestore();
      await t.close();
    }
    const requestLine = written.find((line) => line.includes('/comms/unsubscribe'));
    expect(requestLine).toContain(`/comms/unsubscribe?token=${REDACTED}`);
    expect(written.join('')).not.toContain(signed.split('.')[1]);
  });
});

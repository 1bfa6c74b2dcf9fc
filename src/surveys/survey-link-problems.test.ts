import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { buildApp } from '../platform/http/app.ts';
import { signToken } from '../platform/links/signed-token.ts';
import { MODULES } from '../modules.ts';
import { SURVEY_TOKEN_PURPOSE } from './invite.ts';

/**
 * Issue 12: every refused survey link answered its page and then logged a TypeError at level
 * error ("Promise errored, but reply.sent = true was set"), so a stranger's typo paged the
 * operator. A refused link is the person's problem, shown to them; the log notes it at info.
 */
describe('an invalid survey link', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const lines: { level: number; msg: string; problem?: string; req?: { url?: string } }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, LOG_LEVEL: 'info' } }, { modules: MODULES, logStream: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const sign = (subject: string, expiresAt: Date) => signToken(t.ctx.signingKey, { purpose: SURVEY_TOKEN_PURPOSE, subject }, expiresAt);
  const later = () => new Date(t.clock.now().getTime() + 86_400_000);
  const cases: [string, () => string, number, string][] = [
    ['tampered', () => `${sign('1', later()).slice(0, -4)}AAAA`, 404, 'link.invalid'],
    ['not signed at all', () => 'not-a-token-at-all', 404, 'link.invalid'],
    ['signed for an invitation that does not exist', () => sign('987654', later()), 404, 'link.invalid'],
    ['expired', () => sign('1', new Date(t.clock.now().getTime() - 1000)), 410, 'link.expired'],
  ];

  for (const [what, token, status, problem] of cases) {
    it(`${what}: answers a page saying so, on GET and POST, and logs it at info, not as an error`, async () => {
      lines.length = 0;
      const url = `/surveys/respond?t=${encodeURIComponent(token())}`;
      const get = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      const post = await app.inject({ method: 'POST', url, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'q1=5' });
      for (const response of [get, post]) {
        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.body).toContain(problem.toUpperCase());
      }
      // The log is written as the reply finishes; give the error path (a rejected handler) its tick.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(lines.filter((l) => l.msg === 'link refused').map((l) => [l.level, l.problem])).toEqual([[30, problem], [30, problem]]);
    });
  }
});

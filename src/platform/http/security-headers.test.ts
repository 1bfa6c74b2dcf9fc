import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { createCustomers } from '../../comms/testing/fixtures.ts';
import { PURPOSE } from '../../comms/tracking/tracking-links.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { surveyUrl } from '../../surveys/invite.ts';
import { systemActor } from '../audit/audit.ts';
import { signToken } from '../links/signed-token.ts';

/**
 * Issue 12: the survey, unsubscribe, regulator-report and /docs pages went out without a
 * Content-Security-Policy, so any site could frame them (clickjacking "Unsubscribe" or a
 * survey's submit button) and nothing limited what they could load.
 */
describe('security headers on every response', () => {
  let t: TestApp;
  let manager: string;
  const html: Record<string, () => Promise<{ url: string; cookie?: string; method?: 'GET' | 'POST' }>> = {};

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://rebound.example' });
    await seedDemoData(t.db, systemActor, { customers: 30, orders: 60 });
    manager = await t.login(['manager']);
    const [customerId] = await createCustomers(t.db, [{ name: 'Ada', email: 'ada@example.com', language: 'en', consents: { email: true } }]);
    const expires = new Date(t.clock.now().getTime() + 7 * 86_400_000);
    const [invitation] = await t.db.query<{ id: number }>(
      `INSERT INTO survey_invitations (survey_key, customer_id, case_id, case_reference, case_type, created_at, expires_at)
       VALUES ('case-resolution', $1, '4711', 'C-4711', 'complaint', $2, $3) RETURNING id`, [customerId, t.clock.now(), expires]);
    const [lot] = await t.db.query<{ gtin: string; lot_code: string }>('SELECT p.gtin, l.lot_code FROM lots l JOIN products p ON p.id = l.product_id ORDER BY l.id LIMIT 1');
    const recall = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie: manager },
      payload: { title: 'Lot recall', classification: 'II', reason: 'Mislabelled allergen.', instructions: { en: 'Return it.' }, scope: [{ gtin: lot!.gtin, lots: [lot!.lot_code] }] },
    });
    expect(recall.statusCode, recall.body).toBe(201);
    const unsubscribe = signToken(t.ctx.signingKey, { purpose: PURPOSE.unsubscribe, subject: String(customerId), channel: 'email', message: 1 }, expires);

    Object.assign(html, {
      'the console shell': async () => ({ url: '/console/cases' }),
      'a public page shell': async () => ({ url: '/p/recalls/anything' }),
      'the survey page': async () => ({ url: new URL(surveyUrl(t.ctx, invitation!.id, expires)).pathname + new URL(surveyUrl(t.ctx, invitation!.id, expires)).search }),
      'a survey link that is not valid': async () => ({ url: '/surveys/respond?t=tampered-token-value' }),
      'the unsubscribe page': async () => ({ url: `/comms/unsubscribe?t=${unsubscribe}` }),
      'the unsubscribe confirmation': async () => ({ url: `/comms/unsubscribe?t=${unsubscribe}`, method: 'POST' }),
      'the printable regulator report': async () => ({ url: `/api/recalls/${recall.json().id}/regulator-report?format=html`, cookie: manager }),
      'the API reference (/docs)': async () => ({ url: '/docs' }),
      'a page that does not exist': async () => ({ url: '/no/such/page' }),
    });
  }, 120_000);
  afterAll(async () => t.close());

  it('every HTML page has a Content-Security-Policy that forbids framing, and nosniff', async () => {
    const seen: Record<string, unknown> = {};
    for (const [name, request] of Object.entries(html)) {
      const { url, cookie, method = 'GET' } = await request();
      const response = await t.app.inject({ method, url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, payload: method === 'POST' ? '' : undefined });
      seen[name] = {
        html: /^text\/html/.test(String(response.headers['content-type'])),
        frameAncestorsNone: /(^|;)\s*frame-ancestors 'none'\s*(;|$)/.test(String(response.headers['content-security-policy'] ?? '')),
        defaultSrc: /(^|;)\s*default-src /.test(String(response.headers['content-security-policy'] ?? '')),
        nosniff: response.headers['x-content-type-options'] === 'nosniff',
      };
    }
    const expected = Object.fromEntries(Object.keys(html).map((name) => [name, { html: true, frameAncestorsNone: true, defaultSrc: true, nosniff: true }]));
    expect(seen).toEqual(expected);
  });

  it('the server-rendered pages run no script and post only to themselves', async () => {
    const { url } = await html['the unsubscribe page']!();
    const policy = String((await t.app.inject({ method: 'GET', url })).headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    expect(policy).toContain("form-action 'self'");
  });

  it('every other response says nosniff too: JSON, problems, CSV, the open pixel, the spec', async () => {
    const recalls = await t.app.inject({ method: 'GET', url: '/api/recalls', headers: { cookie: manager } });
    const [recall] = recalls.json().items as { id: number }[];
    const responses = await Promise.all([
      t.app.inject({ method: 'GET', url: '/api/recalls', headers: { cookie: manager } }),
      t.app.inject({ method: 'GET', url: '/api/recalls' }),
      t.app.inject({ method: 'GET', url: `/api/recalls/${recall!.id}/regulator-report?format=csv`, headers: { cookie: manager } }),
      t.app.inject({ method: 'GET', url: '/comms/open?t=x' }),
      t.app.inject({ method: 'GET', url: '/openapi.json' }),
      t.app.inject({ method: 'GET', url: '/health' }),
    ]);
    expect(responses.map((r) => [r.statusCode, r.headers['x-content-type-options']])).toEqual([[200, 'nosniff'], [401, 'nosniff'], [200, 'nosniff'], [200, 'nosniff'], [200, 'nosniff'], [200, 'nosniff']]);
    // Not HTML: no page policy forced onto data.
    expect(responses[0]!.headers['content-security-policy']).toBeUndefined();
  });
});

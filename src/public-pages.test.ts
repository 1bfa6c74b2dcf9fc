import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/app.ts';
import { createCustomers } from './comms/testing/fixtures.ts';
import { PURPOSE } from './comms/tracking/tracking-links.ts';
import { signToken } from './platform/links/signed-token.ts';
import { inviteToSurvey, SURVEY_TOKEN_PURPOSE } from './surveys/invite.ts';

/**
 * Issue 11, "no raw JSON for people": every route a person opens from a link in a message
 * answers a broken link (missing, cut short, tampered with, expired) with a page in their
 * language, with the brand and the status a machine needs; an API client asking for JSON
 * still gets problem+json.
 */
describe('public pages for people who followed a link', () => {
  let t: TestApp;
  let customerId: number;
  let surveyUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ SMTP_FROM: 'Acme Care <care@acme.example>', COMMS_QUIET_HOURS: 'off', PUBLIC_URL: 'https://rebound.example' });
    [customerId] = await createCustomers(t.db, [{ name: 'Åsa', email: 'asa@example.se', language: 'sv', consents: { email: true } }]) as [number];
    surveyUrl = (await t.db.transaction((tx) => inviteToSurvey(tx, t.ctx, { customerId, caseId: 'C-11', surveyKey: 'case-resolution' }))).url;
  });
  afterAll(async () => t?.close());

  const past = () => new Date(t.clock.now().getTime() - 1000);
  const future = () => new Date(t.clock.now().getTime() + 3600_000);
  const tokens = {
    unsubscribe: (expires: Date) => signToken(t.ctx.signingKey, { purpose: PURPOSE.unsubscribe, subject: String(customerId), channel: 'email', message: 1 }, expires),
    click: (expires: Date) => signToken(t.ctx.signingKey, { purpose: PURPOSE.click, subject: '1', url: 'https://shop.example/recall' }, expires),
    survey: () => new URL(surveyUrl).searchParams.get('t')!,
  };
  const surveyToken = (expires: Date) => {
    const invitation = JSON.parse(Buffer.from(tokens.survey().split('.')[0]!, 'base64url').toString()) as { subject: string };
    return signToken(t.ctx.signingKey, { purpose: SURVEY_TOKEN_PURPOSE, subject: invitation.subject }, expires);
  };
  const ROUTES = [
    { method: 'GET', path: '/comms/unsubscribe', token: tokens.unsubscribe },
    { method: 'POST', path: '/comms/unsubscribe', token: tokens.unsubscribe },
    { method: 'GET', path: '/comms/click', token: tokens.click },
    { method: 'GET', path: '/surveys/respond', token: surveyToken },
    { method: 'POST', path: '/surveys/respond', token: surveyToken },
  ] as const;
  const tampered = (token: string) => `${token.slice(0, -6)}AAAAAA`;

  const TITLES = {
    incomplete: { en: 'This link is incomplete', ru: 'Ссылка неполная', uk: 'Посилання неповне', sv: 'Länken är ofullständig' },
    invalid: { en: 'This link is not valid', ru: 'Ссылка недействительна', uk: 'Посилання недійсне', sv: 'Länken är ogiltig' },
    expired: { en: 'This link has expired', ru: 'Срок действия ссылки истёк', uk: 'Термін дії посилання минув', sv: 'Länken har gått ut' },
  };
  const CASES = [
    { name: 'missing token', query: () => '', problem: 'incomplete', status: 400 },
    { name: 'short token', query: () => 't=abc', problem: 'incomplete', status: 400 },
    { name: 'tampered token', query: (token: (d: Date) => string) => `t=${tampered(token(future()))}`, problem: 'invalid', status: 404 },
    { name: 'expired token', query: (token: (d: Date) => string) => `t=${token(past())}`, problem: 'expired', status: 410 },
  ] as const;
  const LANGUAGES = ['ru', 'uk', 'sv', 'en'] as const;

  for (const route of ROUTES) {
    for (const [index, broken] of CASES.entries()) {
      it(`${route.method} ${route.path} with a ${broken.name}: ${broken.status} page in ?lang or Accept-Language, with the brand; problem+json for JSON clients`, async () => {
        const query = broken.query(route.token);
        const form = route.method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'step=scores' } : {};
        // ?lang= wins over the browser's language; without it Accept-Language decides.
        const byLink = LANGUAGES[index % 4]!;
        const byBrowser = LANGUAGES[(index + 1) % 4]!;
        for (const [lang, url, acceptLanguage] of [
          [byLink, `${route.path}?${[query, `lang=${byLink}`].filter(Boolean).join('&')}`, `${byBrowser},en;q=0.5`],
          [byBrowser, `${route.path}${query ? `?${query}` : ''}`, `${byBrowser}-XX,en;q=0.5`],
        ] as const) {
          const page = await t.app.inject({ method: route.method, url, headers: { ...form.headers, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': acceptLanguage }, payload: form.payload });
          expect(page.statusCode).toBe(broken.status);
          expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
          expect(page.headers['content-language']).toBe(lang);
          expect(page.body).toContain(`<html lang="${lang}">`);
          expect(page.body).toContain(`<h1>${TITLES[broken.problem][lang]}</h1>`);
          expect(page.body).toContain('<span class="brand">Acme Care</span>');
          expect(page.body).not.toContain('<form');
        }
        const json = await t.app.inject({ method: route.method, url: `${route.path}${query ? `?${query}` : ''}`, headers: { ...form.headers, accept: 'application/json' }, payload: form.payload });
        expect(json.statusCode).toBe(broken.status);
        expect(json.headers['content-type']).toContain('application/problem+json');
        expect(json.json()).toMatchObject({ status: broken.status, ...(broken.problem === 'incomplete' ? {} : { type: `/problems/link.${broken.problem}` }) });
        // What API clients such as axios send: JSON named, everything else by wildcard.
        const client = await t.app.inject({ method: route.method, url: `${route.path}${query ? `?${query}` : ''}`, headers: { ...form.headers, accept: 'application/json, text/plain, */*' }, payload: form.payload });
        expect(client.headers['content-type']).toContain('application/problem+json');
        // No Accept at all (a link scanner, curl): the page.
        const bare = await t.app.inject({ method: route.method, url: `${route.path}${query ? `?${query}` : ''}`, headers: form.headers, payload: form.payload });
        expect(bare.headers['content-type']).toBe('text/html; charset=utf-8');
      });
    }
  }

  it('a mistyped address outside /api is a page too; /api keeps problem+json', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/surveys/respnd?lang=uk' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('<h1>Ми не знайшли цю сторінку</h1>');
    const api = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('the open pixel answers a pixel whatever its token', async () => {
    for (const url of ['/comms/open', '/comms/open?t=abc', `/comms/open?t=${tampered(tokens.click(future()))}`]) {
      const pixel = await t.app.inject({ method: 'GET', url });
      expect(pixel.statusCode).toBe(200);
      expect(pixel.headers['content-type']).toBe('image/gif');
    }
  });

  it('the survey page speaks the language of ?lang (over the customer\'s), carries the brand, and keeps the language through the form', async () => {
    const path = new URL(surveyUrl).pathname + new URL(surveyUrl).search;
    const swedish = await t.app.inject({ method: 'GET', url: path });
    expect(swedish.statusCode).toBe(200);
    expect(swedish.body).toContain('<html lang="sv">');
    const ukrainian = await t.app.inject({ method: 'GET', url: `${path}&lang=uk`, headers: { 'accept-language': 'en' } });
    expect(ukrainian.statusCode).toBe(200);
    expect(ukrainian.body).toContain('<html lang="uk">');
    expect(ukrainian.body).toContain('<span class="brand">Acme Care</span>');
    expect(ukrainian.body).toContain('Дуже задоволений');
    expect(ukrainian.body).toMatch(/<form method="post" action="\/surveys\/respond\?t=[^"]+&amp;lang=uk"/);
    // The language links keep the token, so switching language keeps the survey.
    expect(ukrainian.body).toContain(`hreflang="sv"`);
    expect(ukrainian.body).toMatch(/href="\/surveys\/respond\?t=[^"]+&amp;lang=ru"/);
    const action = /action="([^"]+)"/.exec(ukrainian.body)![1]!.replace(/&amp;/g, '&');
    const incomplete = await t.app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'step=scores' });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.body).toContain('<html lang="uk">');
    expect(incomplete.body).toContain('Будь ласка, дайте відповідь на це питання.');
  });

  it('the unsubscribe page follows ?lang, else the customer\'s language', async () => {
    const token = tokens.unsubscribe(future());
    const own = await t.app.inject({ method: 'GET', url: `/comms/unsubscribe?t=${token}` });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('<h1>Avregistrering</h1>');
    const russian = await t.app.inject({ method: 'GET', url: `/comms/unsubscribe?t=${token}&lang=ru` });
    expect(russian.body).toContain('<h1>Отписка</h1>');
    expect(russian.body).toContain('<span class="brand">Acme Care</span>');
  });

  it('shows the brand set in Settings → Company once there is one, over the sender\'s name', async () => {
    const manager = await t.login(['manager']);
    const saved = await t.app.inject({ method: 'PUT', url: '/api/company-settings', headers: { cookie: manager }, payload: { brand_name: 'Northwind Foods' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: '/surveys/respond?lang=sv' });
    expect(page.body).toContain('<span class="brand">Northwind Foods</span>');
    expect(page.body).not.toContain('Acme Care');
  });
});


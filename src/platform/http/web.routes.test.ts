import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

// web/dist is built by the test run's global setup (test/browser/build-web.setup.ts).
describe('the console and public pages from the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('sends the console shell for /console and every path below it, never cached, under a strict CSP', async () => {
    for (const url of ['/console', '/console/customers/42', '/console/settings/tokens?x=1']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.body).toContain('<div id="root"></div>');
    }
  });

  it('serves the hashed assets the shell names, cached for a year; unknown files are 404 problems', async () => {
    const shell = (await t.app.inject({ method: 'GET', url: '/console' })).body;
    const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(shell)![1]!;
    const asset = await t.app.inject({ method: 'GET', url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await t.app.inject({ method: 'GET', url: '/ui/assets/nothing-here.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('sends public pages in the language of the link, else of the browser', async () => {
    const byLink = await t.app.inject({ method: 'GET', url: '/p/whatever?lang=ru', headers: { 'accept-language': 'sv' } });
    expect(byLink.body).toContain('<html lang="ru" data-lang-source="server">');
    expect(byLink.headers['content-language']).toBe('ru');
    expect(byLink.headers.vary).toContain('Accept-Language');
    const byBrowser = await t.app.inject({ method: 'GET', url: '/p/whatever', headers: { 'accept-language': 'de;q=0.9, uk;q=0.8' } });
    expect(byBrowser.body).toContain('<html lang="uk"');
    const fallback = await t.app.inject({ method: 'GET', url: '/p' });
    expect(fallback.body).toContain('<html lang="en"');
  });

  it('sends / to the console and leaves unknown API paths to the problem handler', async () => {
    const root = await t.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console');
    const api = await t.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('gives the browser tab an icon: the shells name it and the server sends it', async () => {
    for (const url of ['/console', '/p/check']) {
      const shell = (await t.app.inject({ method: 'GET', url })).body;
      expect(shell, url).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg"');
    }
    for (const url of ['/favicon.svg', '/favicon.ico']) {
      const icon = await t.app.inject({ method: 'GET', url });
      expect(icon.statusCode, url).toBe(200);
      expect(icon.headers['content-type']).toContain('image/svg+xml');
      expect(icon.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
  });
});

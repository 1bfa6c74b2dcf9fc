/**
 * Issue 12 in a real Chromium: the Content-Security-Policy every HTML response now carries
 * must not break the pages it protects. The API reference at /docs (Swagger UI) renders its
 * operations, and a server-rendered person page (a survey link that is not valid) keeps its
 * styles, with no policy violation reported by the browser.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, launchChromium, screenshot } from './browser.ts';
import { startRebound, type RunningRebound } from './server.ts';

const noChromium = chromiumMissing && !process.env.CI;
if (noChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (see DEVELOPERS.md).`);
const postgresPass = Boolean(process.env.TEST_DATABASE_URL) && !process.env.REBOUND_BROWSER_TESTS_ON_POSTGRES;

describe.skipIf(noChromium || postgresPass)('pages under their Content-Security-Policy', () => {
  let rebound: RunningRebound;
  let browser: Browser;

  beforeAll(async () => {
    [rebound, browser] = await Promise.all([startRebound({ customers: 20, orders: 40 }), launchChromium()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await rebound?.stop();
  });

  /** Opens a page and collects what the browser reports as blocked by the policy. */
  const open = async (path: string): Promise<{ page: Page; violations: string[]; policy: string | undefined }> => {
    const page = await browser.newPage({ baseURL: rebound.url, viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(path);
    return { page, violations, policy: response?.headers()['content-security-policy'] };
  };

  it('the API reference at /docs renders its operations, not framed, with nothing refused', async () => {
    const { page, violations, policy } = await open('/docs');
    await page.locator('.opblock-tag').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock-tag').count()).toBeGreaterThan(5);
    await screenshot(page, 'docs-under-csp');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(violations).toEqual([]);
  }, 60_000);

  it('a server-rendered person page keeps its inline styles under the page policy', async () => {
    const { page, violations, policy } = await open('/surveys/respond?t=tampered-token-value&lang=en');
    expect(await page.locator('h1').innerText()).toBe('This link is not valid');
    // The inline <style> applied: the body uses the page's font stack, not the browser's default serif.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
    await screenshot(page, 'survey-link-invalid-under-csp');
    expect(policy).toContain("default-src 'none'");
    expect(violations).toEqual([]);
  }, 60_000);
});

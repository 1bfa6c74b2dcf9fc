import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { corpus } from '../../../test/corpora.ts';
import { FEED_FETCH_QUEUE, fetchDueFeeds } from './feed-sources.ts';

const NDJSON = readFileSync(corpus('fda', 'res-pipeline-testdata', 'ucm308307.ndjson'), 'utf8');
const API_EXAMPLE = (JSON.parse(readFileSync(corpus('fda', 'api-examples', 'food-enforcement-examples.json'), 'utf8')) as { result: Record<string, unknown> }).result;

/** A real HTTP server on a local port that answers like openFDA does, from the corpus files. */
function startFeedServer(): Promise<{ server: Server; base: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const path = (request.url ?? '').split('?')[0];
    if (path === '/legacy.ndjson') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(NDJSON);
    } else if (path === '/food/enforcement.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ meta: { results: { skip: 0, limit: 1, total: 1 } }, results: [API_EXAMPLE] }));
    } else if (path === '/nothing-new.json') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"No matches found!"}}');
    } else if (path === '/broken.json') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>not a feed</html>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, hits, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('issue 16.8 (R14): openFDA feeds fetched from a URL on a schedule', () => {
  let t: TestApp;
  let cookie: string;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who = cookie) =>
    t.app.inject({ method, url, headers: { cookie: who }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    feed = await startFeedServer();
    t = await startTestApp();
    cookie = await t.login(['manager']);
    await t.db.query(
      `INSERT INTO products (gtin, name, brand, category) VALUES
         ('00705432001945', 'Turkey & Ham Footlong sandwich', 'Anytime Deli', 'deli'),
         ('00012345678905', 'Swiss Chip Ice Cream 3 Gallon', 'Cass-Clay', 'dairy')`);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => feed.server.close(resolve));
  });

  it('is configured through the API with a permission, and refuses bad input naming the field', async () => {
    const bad = await api('POST', '/api/regulator-feeds/sources', { name: 'x', url: 'ftp://example', interval_minutes: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(bad.json())).toMatch(/url|interval_minutes/);
    const viewer = await t.login(['viewer'], 'viewer.feedsources@example.com');
    expect((await api('POST', '/api/regulator-feeds/sources', { name: 'FDA food', url: `${feed.base}/food/enforcement.json`, interval_minutes: 60 }, viewer)).statusCode).toBe(403);
    expect((await api('GET', '/api/regulator-feeds/sources', undefined, viewer)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/regulator-feeds/sources' })).statusCode).toBe(401);

    const created = await api('POST', '/api/regulator-feeds/sources', { name: 'FDA legacy', url: `${feed.base}/legacy.ndjson?api_key=SECRET123`, interval_minutes: 60 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'FDA legacy', interval_minutes: 60, enabled: true, last_status: null, consecutive_failures: 0 });
    // A key in the URL is never shown back.
    expect(created.json().url).not.toContain('SECRET123');
    expect((await api('POST', '/api/regulator-feeds/sources', { name: 'again', url: `${feed.base}/legacy.ndjson?api_key=SECRET123`, interval_minutes: 60 })).statusCode).toBe(409);
  });

  it('the scheduled job fetches the due feeds: a match opens a draft and a review task, never an activation', async () => {
    // The job is registered with pg-boss's scheduler like the other modules' sweeps.
    const schedules = await t.db.query<{ name: string; cron: string }>('SELECT name, cron FROM pgboss.schedule WHERE name = $1', [FEED_FETCH_QUEUE]);
    expect(schedules).toEqual([{ name: FEED_FETCH_QUEUE, cron: '*/5 * * * *' }]);
    // Run it as the scheduler does: a job on the queue, worked by the module's worker.
    await t.ctx.jobs.send(FEED_FETCH_QUEUE, { trigger: 'schedule' });
    let fetches: { status: string; matched: number; new_reports: number; recall_ids: number[] }[] = [];
    for (let i = 0; i < 200 && !fetches.length; i++) {
      fetches = await t.db.query('SELECT status, matched, new_reports, recall_ids::int[] AS recall_ids FROM regulator_feed_fetches');
      if (!fetches.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatchObject({ status: 'ok', new_reports: 72, matched: 1 });
    expect(feed.hits.some((h) => h.startsWith('/legacy.ndjson?api_key=SECRET123'))).toBe(true);
    const [recall] = await t.db.query<{ status: string; activated_at: Date | null; reference: string }>('SELECT status, activated_at, reference FROM recalls WHERE id = $1', [fetches[0]!.recall_ids[0]]);
    expect(recall).toMatchObject({ status: 'draft', activated_at: null });
    const tasks = await t.db.query<{ name: string }>('SELECT t.name FROM engine_tasks t JOIN engine_instances i ON i.id = t.instance_id WHERE i.business_key = $1', [recall!.reference]);
    expect(tasks.map((x) => x.name)).toEqual(['Review']);
    const [source] = (await api('GET', '/api/regulator-feeds/sources')).json();
    expect(source).toMatchObject({ last_status: 'ok', consecutive_failures: 0, failing: false });
    expect(new Date(source.next_fetch_at).getTime()).toBe(t.clock.now().getTime() + 60 * 60_000);
  });

  it('fetches a feed only when its interval has passed, and never imports a report twice', async () => {
    expect(await fetchDueFeeds(t.ctx)).toEqual([]);
    const recallsBefore = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recalls'))[0]!.n;
    t.clock.advance(61 * 60_000);
    const [again] = await fetchDueFeeds(t.ctx);
    expect(again).toMatchObject({ status: 'ok', new_reports: 0, duplicates: 72, matched: 0 });
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recalls'))[0]!.n).toBe(recallsBefore);
  });

  it('matches by brand and name from an API-shaped answer; openFDA\'s "no matches" 404 is no failure', async () => {
    const food = (await api('POST', '/api/regulator-feeds/sources', { name: 'FDA food', url: `${feed.base}/food/enforcement.json?search=report_date:[20120101+TO+20121231]`, interval_minutes: 1440 })).json();
    const fetched = await api('POST', `/api/regulator-feeds/sources/${food.id}/fetch`);
    expect(fetched.json()).toMatchObject({ status: 'ok', http_status: 200, new_reports: 1, matched: 1 });
    const quiet = (await api('POST', '/api/regulator-feeds/sources', { name: 'FDA devices', url: `${feed.base}/nothing-new.json`, interval_minutes: 1440 })).json();
    expect((await api('POST', `/api/regulator-feeds/sources/${quiet.id}/fetch`)).json()).toMatchObject({ status: 'ok', http_status: 404, read: 0, error: null });
  });

  it('records and shows every failure: an HTTP error, a page that is no feed, no server at all', async () => {
    const broken = (await api('POST', '/api/regulator-feeds/sources', { name: 'broken', url: `${feed.base}/broken.json`, interval_minutes: 30 })).json();
    const html = (await api('POST', '/api/regulator-feeds/sources', { name: 'html', url: `${feed.base}/index.html`, interval_minutes: 30 })).json();
    const gone = (await api('POST', '/api/regulator-feeds/sources', { name: 'gone', url: 'http://127.0.0.1:1/enforcement.json', interval_minutes: 30 })).json();
    const outcomes = await fetchDueFeeds(t.ctx);
    const byId = new Map(outcomes.map((o) => [o.source_id, o]));
    expect(byId.get(broken.id)).toMatchObject({ status: 'failed', http_status: 500, error: 'HTTP 500: upstream exploded' });
    expect(byId.get(html.id)).toMatchObject({ status: 'failed', http_status: 200 });
    expect(byId.get(html.id)!.error).toMatch(/enforcement report/);
    expect(byId.get(gone.id)).toMatchObject({ status: 'failed', http_status: null });
    expect(byId.get(gone.id)!.error).toMatch(/ECONNREFUSED|fetch failed/);

    // A second failing run counts failures in a row; the list shows them where the manager looks.
    t.clock.advance(31 * 60_000);
    await fetchDueFeeds(t.ctx);
    const sources = (await api('GET', '/api/regulator-feeds/sources')).json() as { id: number; failing: boolean; consecutive_failures: number; last_error: string }[];
    expect(sources.find((s) => s.id === broken.id)).toMatchObject({ failing: true, consecutive_failures: 2, last_error: 'HTTP 500: upstream exploded' });
    const history = (await api('GET', `/api/regulator-feeds/sources/${broken.id}/fetches`)).json();
    expect(history.map((f: { status: string }) => f.status)).toEqual(['failed', 'failed']);
    const [audit] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'feed_fetch_failed' AND entity_id = $1", [String(broken.id)]);
    expect(audit!.n).toBe(2);

    // Switched off, it is not fetched any more; removed, it is gone.
    expect((await api('PATCH', `/api/regulator-feeds/sources/${broken.id}`, { enabled: false })).json()).toMatchObject({ enabled: false });
    t.clock.advance(31 * 60_000);
    expect((await fetchDueFeeds(t.ctx)).map((o) => o.source_id)).not.toContain(broken.id);
    expect((await api('DELETE', `/api/regulator-feeds/sources/${gone.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/regulator-feeds/sources/${gone.id}/fetches`)).statusCode).toBe(404);
  });
});

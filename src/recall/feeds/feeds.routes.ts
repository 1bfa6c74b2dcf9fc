import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { ingestOpenFdaReports } from './openfda-ingest.ts';
import { fetchFeedSource, getFeedSource, listFeedSources, type FeedSource } from './feed-sources.ts';

const Url = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://', description: 'where the feed answers, e.g. https://api.fda.gov/food/enforcement.json?search=report_date:[20260101+TO+20261231]&limit=100' });
const Interval = Type.Integer({ minimum: 5, maximum: 10080, description: 'minutes between fetches (5 minutes to a week)' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** A source as shown: the URL's query string may carry an api_key, which is never shown back. */
const shown = (s: FeedSource) => ({ ...s, url: s.url.replace(/([?&]api_key=)[^&]+/i, '$1***'), failing: s.last_status === 'failed' });

/** R14: regulator feeds as the start of a recall — reports in, matched drafts and review tasks out. */
export const feedRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/api/regulator-feeds/openfda', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'],
      summary: 'Read openFDA food/drug/device enforcement reports (the API answer, an array, one report, or NDJSON); each new report that names a company product opens a draft recall and a review task, never an activation',
      querystring: Type.Object({ document: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'where the reports came from (file name or URL), kept with them' })) }, { additionalProperties: false }),
      consumes: ['application/json', 'application/x-ndjson', 'text/plain'],
      body: Type.Unknown(),
      response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problemResponses(400, 401, 403, 415) },
    },
  }, async (request) => {
    const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
    if (!text.trim() || text === 'null') throw new AppError('invalid', 'no reports in the body', 'feeds.empty', { errors: [{ field: 'body', message: 'empty' }] });
    const summary = await ingestOpenFdaReports(ctx, actorOf(principalOf(request)), text, request.query.document ?? 'upload');
    if (summary.read > 0 && summary.skipped.length === summary.read) {
      throw new AppError('invalid', 'none of the entries is an enforcement report (each needs a product_description)', 'feeds.no_reports', { errors: [{ field: 'body', message: 'no enforcement report' }] });
    }
    return summary as never;
  });

  app.get('/api/regulator-feeds/sources', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: 'The configured regulator feeds with their last fetch: status, error, failures in a row, next fetch', response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...problemResponses(401, 403) } },
  }, async () => (await listFeedSources(ctx)).map(shown) as never);

  app.post('/api/regulator-feeds/sources', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'],
      summary: 'Configure an openFDA enforcement feed fetched on a schedule; the first fetch is due at once',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), url: Url, interval_minutes: Interval, enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 201: Type.Record(Type.String(), Type.Unknown()), ...problemResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const { name, url, interval_minutes, enabled } = request.body;
    const now = ctx.clock.now();
    const [row] = await ctx.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: number }>(
        `INSERT INTO regulator_feed_sources (name, url, interval_minutes, enabled, next_fetch_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (url) DO NOTHING RETURNING id::int AS id`, [name, url, interval_minutes, enabled ?? true, now]);
      if (!rows[0]) throw new AppError('conflict', 'a feed with this URL is configured already', 'feeds.duplicate_url', { errors: [{ field: 'url', message: 'already configured' }] });
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'create', entity: 'regulator_feed_source', entityId: rows[0].id, details: { name, interval_minutes } });
      return rows;
    });
    reply.code(201);
    return shown((await getFeedSource(ctx, row!.id))!) as never;
  });

  app.patch('/api/regulator-feeds/sources/:id', {
    config: { access: { permission: 'recalls:write' } },
    schema: {
      tags: ['recalls'],
      summary: 'Change a feed: name, URL, interval, on or off',
      params: IdParams,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), url: Type.Optional(Url), interval_minutes: Type.Optional(Interval), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problemResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const existing = await getFeedSource(ctx, request.params.id);
    if (!existing) throw notFound('feed');
    const b = request.body;
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE regulator_feed_sources SET name = $2, url = $3, interval_minutes = $4, enabled = $5 WHERE id = $1',
        [existing.id, b.name ?? existing.name, b.url ?? existing.url, b.interval_minutes ?? existing.interval_minutes, b.enabled ?? existing.enabled]);
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'update', entity: 'regulator_feed_source', entityId: existing.id, details: { ...b, url: b.url ? 'changed' : undefined } });
    });
    return shown((await getFeedSource(ctx, existing.id))!) as never;
  });

  app.delete('/api/regulator-feeds/sources/:id', {
    config: { access: { permission: 'recalls:write' } },
    schema: { tags: ['recalls'], summary: 'Remove a feed and its fetch history (reports already read and drafts opened stay)', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } },
  }, async (request, reply) => {
    const removed = await ctx.db.transaction(async (tx) => {
      const rows = await tx.query('DELETE FROM regulator_feed_sources WHERE id = $1 RETURNING id', [request.params.id]);
      if (rows.length) await recordAudit(tx, actorOf(principalOf(request)), { action: 'delete', entity: 'regulator_feed_source', entityId: request.params.id });
      return rows.length;
    });
    if (!removed) throw notFound('feed');
    reply.code(204);
  });

  app.post('/api/regulator-feeds/sources/:id/fetch', {
    config: { access: { permission: 'recalls:write' } },
    schema: { tags: ['recalls'], summary: 'Fetch a feed now (the schedule continues from now); the outcome, failed or not, is recorded and returned', params: IdParams, response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problemResponses(401, 403, 404) } },
  }, async (request) => {
    const source = await getFeedSource(ctx, request.params.id);
    if (!source) throw notFound('feed');
    return fetchFeedSource(ctx, source, 'api', actorOf(principalOf(request))) as never;
  });

  app.get('/api/regulator-feeds/sources/:id/fetches', {
    config: { access: { permission: 'recalls:read' } },
    schema: { tags: ['recalls'], summary: "A feed's last 100 fetches, newest first, with status, HTTP status, error and counts", params: IdParams, response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...problemResponses(401, 403, 404) } },
  }, async (request) => {
    if (!(await getFeedSource(ctx, request.params.id))) throw notFound('feed');
    return ctx.db.query(
      `SELECT id::int AS id, trigger, started_at, status, http_status, error, read, new_reports, duplicates, matched, recall_ids::int[] AS recall_ids
       FROM regulator_feed_fetches WHERE source_id = $1 ORDER BY id DESC LIMIT 100`, [request.params.id]) as never;
  });
};

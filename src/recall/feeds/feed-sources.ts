import { systemActor, recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { ingestOpenFdaReports } from './openfda-ingest.ts';

/** A fetch that takes longer than this is a failure (recorded), not a hung worker. */
export const FETCH_TIMEOUT_MS = 30_000;
/** The most a feed may answer; openFDA pages (limit ≤ 1000) are far below it. */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;

export interface FeedSource {
  id: number;
  name: string;
  source: 'openfda';
  url: string;
  interval_minutes: number;
  enabled: boolean;
  next_fetch_at: Date;
  last_fetched_at: Date | null;
  last_status: 'ok' | 'failed' | null;
  last_error: string | null;
  consecutive_failures: number;
  created_at: Date;
}

export interface FetchOutcome {
  source_id: number;
  status: 'ok' | 'failed';
  http_status: number | null;
  error: string | null;
  read: number;
  new_reports: number;
  duplicates: number;
  matched: number;
  recall_ids: number[];
}

const SOURCE_COLUMNS = 'id::int AS id, name, source, url, interval_minutes, enabled, next_fetch_at, last_fetched_at, last_status, last_error, consecutive_failures, created_at';

export async function listFeedSources(ctx: AppContext): Promise<FeedSource[]> {
  return ctx.db.query<FeedSource>(`SELECT ${SOURCE_COLUMNS} FROM regulator_feed_sources ORDER BY id`);
}

export async function getFeedSource(ctx: AppContext, id: number): Promise<FeedSource | undefined> {
  return (await ctx.db.query<FeedSource>(`SELECT ${SOURCE_COLUMNS} FROM regulator_feed_sources WHERE id = $1`, [id]))[0];
}

/** Reads the body as text, refusing an answer larger than the limit. */
async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_FEED_BYTES) throw new Error(`the answer is ${declared} bytes, more than the ${MAX_FEED_BYTES} allowed`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel();
      throw new Error(`the answer is more than the ${MAX_FEED_BYTES} bytes allowed`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches one configured feed now and ingests what it answers with the same matching as a file
 * (GTIN/UPC, brand, name, score → draft recall and review task, never an activation; a report
 * already seen is not imported twice). Whatever happens — no answer, an HTTP error, a body with
 * no report — is kept as a fetch row and on the source (last status, last error, failures in a
 * row), and the next fetch is planned from now by the feed's interval either way.
 */
export async function fetchFeedSource(ctx: AppContext, source: FeedSource, trigger: 'schedule' | 'api', actor: Actor = systemActor): Promise<FetchOutcome> {
  const startedAt = ctx.clock.now();
  const outcome: FetchOutcome = { source_id: source.id, status: 'failed', http_status: null, error: null, read: 0, new_reports: 0, duplicates: 0, matched: 0, recall_ids: [] };
  try {
    const response = await fetch(source.url, { headers: { accept: 'application/json, application/x-ndjson, text/plain' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    outcome.http_status = response.status;
    // openFDA answers 404 with {"error":{"code":"NOT_FOUND"}} when a search finds nothing: no new reports, not a failure.
    const text = await readLimited(response);
    if (response.status === 404 && /"NOT_FOUND"/.test(text)) {
      outcome.status = 'ok';
    } else if (!response.ok) {
      outcome.error = `HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`;
    } else {
      const summary = await ingestOpenFdaReports(ctx, actor, text, source.url.slice(0, 200));
      Object.assign(outcome, { read: summary.read, new_reports: summary.new_reports, duplicates: summary.duplicates, matched: summary.matched.length, recall_ids: summary.matched.map((m) => m.recall_id) });
      if (summary.read === 0 || summary.skipped.length === summary.read) {
        outcome.error = summary.read === 0 ? 'the answer holds no enforcement report' : `none of the ${summary.read} entries is an enforcement report (each needs a product_description)`;
      } else {
        outcome.status = 'ok';
      }
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    outcome.error = `${(error as Error).name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : (error as Error).message}${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}`.slice(0, 1000);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO regulator_feed_fetches (source_id, trigger, started_at, status, http_status, error, read, new_reports, duplicates, matched, recall_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [source.id, trigger, startedAt, outcome.status, outcome.http_status, outcome.error, outcome.read, outcome.new_reports, outcome.duplicates, outcome.matched, outcome.recall_ids]);
    await tx.query(
      `UPDATE regulator_feed_sources SET last_fetched_at = $2, last_status = $3, last_error = $4,
         consecutive_failures = CASE WHEN $3 = 'ok' THEN 0 ELSE consecutive_failures + 1 END,
         next_fetch_at = $2::timestamptz + make_interval(mins => interval_minutes)
       WHERE id = $1`,
      [source.id, now, outcome.status, outcome.error]);
  });
  if (outcome.status === 'failed') {
    console.warn(`recall: feed ${source.id} (${source.name}) fetch failed: ${outcome.error}`);
    await recordAudit(ctx.db, actor, { action: 'feed_fetch_failed', entity: 'regulator_feed_source', entityId: String(source.id), details: { trigger, error: outcome.error, http_status: outcome.http_status } });
  }
  return outcome;
}

/** The scheduled half: every enabled feed whose time has come, one after the other. */
export async function fetchDueFeeds(ctx: AppContext): Promise<FetchOutcome[]> {
  const due = await ctx.db.query<FeedSource>(`SELECT ${SOURCE_COLUMNS} FROM regulator_feed_sources WHERE enabled AND next_fetch_at <= $1 ORDER BY next_fetch_at, id`, [ctx.clock.now()]);
  const outcomes: FetchOutcome[] = [];
  for (const source of due) outcomes.push(await fetchFeedSource(ctx, source, 'schedule'));
  return outcomes;
}

export const FEED_FETCH_QUEUE = 'recall.feed-fetch';

/**
 * Looks for due feeds every five minutes (pg-boss cron, one run across all workers); each feed's
 * own interval decides whether it is fetched in that run.
 */
export async function startFeedFetchWorker(ctx: AppContext): Promise<() => Promise<void>> {
  await ctx.jobs.ensureQueue(FEED_FETCH_QUEUE, { policy: 'singleton' });
  await ctx.jobs.boss.schedule(FEED_FETCH_QUEUE, '*/5 * * * *', { trigger: 'schedule' }, { tz: 'UTC' });
  const id = await ctx.jobs.work<{ trigger?: string }>(FEED_FETCH_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const outcomes = await fetchDueFeeds(ctx);
    const matched = outcomes.reduce((n, o) => n + o.matched, 0);
    if (matched) console.info(`recall: feeds fetched, ${matched} reports matched company products (draft recalls opened for review)`);
  });
  return () => ctx.jobs.offWork(id);
}

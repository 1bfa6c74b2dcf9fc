import autocannon from 'autocannon';
import { openLoop as sharedOpenLoop } from '../open-loop.ts';
import type { BenchFigure } from '../report.ts';
import { startServer } from '../server.ts';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
/** `open-loop` (default): requests at evenly spaced times; `autocannon`: the old closed-loop bursts, to compare. */
const LOADER = process.env.BENCH_LOADER ?? 'open-loop';

async function api(url: string, path: string, init: RequestInit & { cookie?: string; token?: string } = {}) {
  const headers: Record<string, string> = init.body ? { 'content-type': 'application/json' } : {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${url}${path}`, { ...init, headers });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
}

interface LoadResult {
  requests: number;
  failed: number;
  /** Requests per second actually sent over the measured seconds. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** How late the generator sent, p99 (ms): large values mean the load generator itself was starved. */
  sendLagP99: number;
}

/**
 * Open-loop load: request i leaves at start + i / rate whether or not earlier ones were
 * answered (on up to 256 kept-alive connections), and its latency runs from the moment it
 * was sent to the end of the response. The first WARM_UP_SECONDS are sent but not recorded.
 *
 * Why not autocannon's overallRate: autocannon 8 lets each connection send back to back
 * (the next request on each response) until it has made its share of the second, then
 * pauses until the second is over — at 2,000 req/s on 50 connections the whole second's
 * requests go out in a burst with 50 in flight, so it measures queueing at saturation, and
 * its coordinated-omission correction (expected interval ceil(1 / rate) = 1 ms) adds T - 1
 * synthetic samples for every response that took T ms.
 */
function openLoop(url: string, headers: Record<string, string>, rate = RATE, seconds = SECONDS): Promise<LoadResult> {
  const target = new URL(url);
  return sharedOpenLoop(target.origin, () => ({ method: 'GET', path: `${target.pathname}${target.search}`, headers }), { rate, seconds, warmUpSeconds: WARM_UP_SECONDS })
    .then((r) => ({ requests: r.requests, failed: r.failed, rate: r.offeredRate, p50: r.p50, p99: r.p99, max: r.max, sendLagP99: r.sendLagP99 }));
}

function autocannonLoad(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  return new Promise((done, fail) => {
    autocannon({ url, connections: 50, overallRate: RATE, duration: SECONDS, headers }, (error, r) =>
      error ? fail(error) : done({ requests: r.requests.total, failed: r.non2xx + r.errors, rate: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, sendLagP99: Number.NaN }));
  });
}

const load = (url: string, headers: Record<string, string> = {}) => (LOADER === 'autocannon' ? autocannonLoad(url, headers) : openLoop(url, headers));

/**
 * Stop-sale check latency at a fixed 2,000 requests/s against the running server (a real
 * recall blocking real demo lots, a real retailer token), next to /health at the same rate
 * in the same run. Target (issue: recall, R4): p99 under 5 ms.
 */
export async function benchStopSale(): Promise<BenchFigure[]> {
  const server = await startServer();
  try {
    const login = await api(server.url, '/api/auth/login', { method: 'POST', body: JSON.stringify({ email: 'admin@rebound.local', password: server.adminPassword }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = (await (await api(server.url, '/api/tokens', { method: 'POST', cookie, body: JSON.stringify({ name: 'bench till', scopes: ['stop-sale:check'] }) })).json()).token as string;
    const lots = (await (await api(server.url, '/api/lots?limit=20', { cookie })).json()).items as { gtin: string; lot_code: string }[];
    const target = lots[0]!;
    const recall = await (await api(server.url, '/api/recalls', { method: 'POST', cookie, body: JSON.stringify({ title: 'Bench recall', classification: 'II', reason: 'benchmark', scope: [{ gtin: target.gtin, lots: lots.filter((l) => l.gtin === target.gtin).map((l) => l.lot_code) }] }) })).json();
    await api(server.url, `/api/recalls/${recall.id}/block`, { method: 'POST', cookie });
    const code = encodeURIComponent(`(01)${target.gtin}(10)${target.lot_code}`);
    const blocked = await (await api(server.url, `/api/stop-sale/check?code=${code}`, { token })).json();
    if (!blocked.blocked) throw new Error(`the bench lot is not blocked: ${JSON.stringify(blocked)}`);

    const health = await load(`${server.url}/health`);
    const check = await load(`${server.url}/api/stop-sale/check?code=${code}`, { authorization: `Bearer ${token}` });
    console.log(`load: ${LOADER}, ${RATE} req/s for ${SECONDS} s per endpoint${LOADER === 'open-loop' ? ` after ${WARM_UP_SECONDS} s of warm-up` : ''}`);
    for (const [name, r] of [['/health', health], ['/api/stop-sale/check', check]] as const) {
      console.log(`${name}: ${r.requests} requests, ${r.failed} failed, ${r.rate} req/s, latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms${Number.isNaN(r.sendLagP99) ? '' : `, send lag p99 ${r.sendLagP99} ms`}`);
    }
    if (check.failed > 0) throw new Error('stop-sale checks failed during the run');
    return [
      { name: `stop-sale check p99 at ${RATE} req/s`, value: check.p99, unit: 'ms', baseline: `/health p99 at ${RATE} req/s`, baselineValue: health.p99, higherIsBetter: false },
      { name: `stop-sale check p50 at ${RATE} req/s`, value: check.p50, unit: 'ms', baseline: `/health p50 at ${RATE} req/s`, baselineValue: health.p50, higherIsBetter: false },
      { name: 'stop-sale check throughput', value: check.rate, unit: 'req/s', baseline: '/health throughput', baselineValue: health.rate, higherIsBetter: true },
    ];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('stop-sale', await benchStopSale());
}

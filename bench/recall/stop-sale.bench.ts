import autocannon from 'autocannon';
import type { BenchFigure } from '../report.ts';
import { startServer } from '../server.ts';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

async function api(url: string, path: string, init: RequestInit & { cookie?: string; token?: string } = {}) {
  const headers: Record<string, string> = init.body ? { 'content-type': 'application/json' } : {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${url}${path}`, { ...init, headers });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
}

function load(url: string, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    autocannon({ url, connections: 50, overallRate: RATE, duration: SECONDS, headers }, (error, result) => (error ? fail(error) : done(result)));
  });
}

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
    for (const [name, r] of [['/health', health], ['/api/stop-sale/check', check]] as const) {
      console.log(`${name}: ${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors, ${Math.round(r.requests.average)} req/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);
    }
    if (check.non2xx > 0 || check.errors > 0) throw new Error('stop-sale checks failed during the run');
    return [
      { name: `stop-sale check p99 at ${RATE} req/s`, value: check.latency.p99, unit: 'ms', baseline: `/health p99 at ${RATE} req/s`, baselineValue: health.latency.p99, higherIsBetter: false },
      { name: 'stop-sale check throughput', value: check.requests.average, unit: 'req/s', baseline: '/health throughput', baselineValue: health.requests.average },
    ];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('stop-sale', await benchStopSale());
}

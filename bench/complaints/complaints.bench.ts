import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { databaseCpuSeconds, processCpuSeconds } from '../cpu-time.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';
import { startServer } from '../server.ts';
import { CallPool, describeLatencies, percentile, signIn, type BenchClient } from './bench-client.ts';
import { driveComplaints, resolutionTimesMs } from './drive-complaints.ts';

const COUNT = Number(process.env.COMPLAINTS_BENCH_COUNT ?? 10_000);
const CONCURRENCY = Number(process.env.COMPLAINTS_BENCH_CONCURRENCY ?? 12);
/** Complaints open at once: enough that the engine worker's polls and the task poller never leave the server idle. */
const WINDOW = Number(process.env.COMPLAINTS_BENCH_WINDOW ?? CONCURRENCY * 4);
const BASELINE_COUNT = Number(process.env.COMPLAINTS_BENCH_BASELINE_COUNT ?? Math.min(COUNT, 4000));
const POLL_MS = 100;
const WARM_UP = 20;
const BASELINE = 'POST /api/cases, a plain complaint-type case (case row, SLA, link, timeline; no process)';

/**
 * The baseline: plain cases through POST /api/cases on the same server, at the same
 * concurrency — the bare case a complaint registration starts from, without the complaint
 * row, the process start and the tasks.
 */
async function createPlainCases(client: BenchClient, count: number, customerIds: readonly number[], tag: string, latenciesMs: number[]): Promise<number> {
  const pool = new CallPool(CONCURRENCY);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const customerId = customerIds[i % customerIds.length];
    pool.push(async () => {
      await client.timed(latenciesMs, '/api/cases', {
        method: 'POST',
        body: { type: 'complaint', title: `Bench plain case ${tag}-${i}`, description: 'The parcel arrived damaged and nobody answered the phone.', business_key: `BENCH-${tag}-${i}`, ...(customerId ? { links: [{ kind: 'customer', id: customerId }] } : {}) },
      });
    });
  }
  await pool.drain();
  if (pool.errors.length) throw new Error(`${pool.errors.length} plain cases failed; the first: ${String(pool.errors[0])}`);
  return performance.now() - started;
}

/** With DATABASE_URL: a scratch database on that server, created here and dropped after (never the live one). */
async function scratchPostgres(serverUrl: string): Promise<{ url: string; env: Record<string, string>; dispose(): Promise<void> }> {
  const scratch = await createScratchDatabase(serverUrl, 'rebound_bench_complaints');
  return {
    url: scratch.url,
    env: { DATABASE_URL: scratch.url, REBOUND_DEMO: 'true', REBOUND_ADMIN_PASSWORD: process.env.REBOUND_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url') },
    dispose: scratch.drop,
  };
}

const quantiles = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const;

/**
 * Issue 7, acceptance 8: complaints registered through the API of a running server and
 * driven through processes/complaint.bpmn to a resolved case, next to plain cases created
 * through the API in the same run (half before, half after, so a change in the shared
 * machine's load weighs on both sides).
 */
export async function benchComplaints(): Promise<BenchFigure[]> {
  const postgres = process.env.DATABASE_URL ? await scratchPostgres(process.env.DATABASE_URL) : null;
  const database = postgres ? 'PostgreSQL at DATABASE_URL (scratch database)' : 'PGlite data folder on disk';
  const server = await startServer(postgres?.env ?? {}).catch(async (error: unknown) => {
    await postgres?.dispose();
    throw error;
  });
  try {
    const client = await signIn(server.url, 'admin@rebound.local', server.adminPassword);
    // Customers an e-mail reaches: the demo also holds customers with no address on file, whose
    // reply task asks how they were answered instead (a different path, not this bench's).
    const customerIds = (await client.call<{ items: { id: number; email: string | null }[] }>('/api/customers?limit=200')).items.filter((c) => c.email).map((c) => c.id);
    console.log(`  ${database}; ${COUNT} complaints, ${CONCURRENCY} calls in flight, at most ${WINDOW} complaints open at once, ${customerIds.length} demo customers; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    await createPlainCases(client, WARM_UP, customerIds, 'warm', []);
    await driveComplaints(client, { count: WARM_UP, concurrency: CONCURRENCY, window: WINDOW, pollMs: POLL_MS, customerIds, firstIndex: 0 });

    const plainMs: number[] = [];
    const firstHalf = Math.floor(BASELINE_COUNT / 2);
    // CPU seconds of the server process (and of its PostgreSQL backends): a figure the shared machine's load does not distort.
    const cpu = async () => ({ server: processCpuSeconds(server.pid), database: postgres ? await databaseCpuSeconds(postgres.url) : Number.NaN });
    const cpuAtStart = await cpu();
    let plainElapsedMs = await createPlainCases(client, firstHalf, customerIds, 'a', plainMs);
    const cpuBeforeComplaints = await cpu();
    const run = await driveComplaints(client, { count: COUNT, concurrency: CONCURRENCY, window: WINDOW, pollMs: POLL_MS, customerIds, firstIndex: WARM_UP });
    const cpuAfterComplaints = await cpu();
    plainElapsedMs += await createPlainCases(client, BASELINE_COUNT - firstHalf, customerIds, 'b', plainMs);
    const cpuAtEnd = await cpu();
    const perItemMs = (side: 'server' | 'database') => ({
      complaint: ((cpuAfterComplaints[side] - cpuBeforeComplaints[side]) / COUNT) * 1000,
      plain: ((cpuBeforeComplaints[side] - cpuAtStart[side] + cpuAtEnd[side] - cpuAfterComplaints[side]) / BASELINE_COUNT) * 1000,
    });
    const serverCpu = perItemMs('server');
    const databaseCpu = perItemMs('database');
    const endToEndMs = await resolutionTimesMs(client, run.caseIds);

    const instancesPerSecond = (COUNT / run.elapsedMs) * 1000;
    const plainPerSecond = (BASELINE_COUNT / plainElapsedMs) * 1000;
    console.log(`  POST /api/complaints: ${describeLatencies(run.registerMs)}`);
    for (const [activity, latencies] of run.completeMsByActivity) console.log(`  complete ${activity}: ${describeLatencies(latencies)}`);
    console.log(`  POST /api/cases (baseline): ${describeLatencies(plainMs)}; ${Math.round(plainPerSecond)} cases/s`);
    console.log(`  ${COUNT} complaints resolved in ${(run.elapsedMs / 1000).toFixed(1)} s (${run.investigated} through one department's investigation, the rest through none; ${run.polls} polls)`);
    console.log(`  registration → resolved per case (server clock): p50 ${(percentile(endToEndMs, 0.5) / 1000).toFixed(2)} s, p95 ${(percentile(endToEndMs, 0.95) / 1000).toFixed(2)} s, p99 ${(percentile(endToEndMs, 0.99) / 1000).toFixed(2)} s over ${endToEndMs.length} cases`);
    console.log(`  CPU per complaint (registered → resolved, polls included): server ${serverCpu.complaint.toFixed(1)} ms, PostgreSQL ${databaseCpu.complaint.toFixed(1)} ms; per plain case: server ${serverCpu.plain.toFixed(1)} ms, PostgreSQL ${databaseCpu.plain.toFixed(1)} ms`);
    console.log(`  load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const latencyFigures = (name: string, samples: number[]) => quantiles.map(([label, q]): BenchFigure => ({
      name: `${name} ${label} (${CONCURRENCY} in flight)`, value: percentile(samples, q), unit: 'ms',
      baseline: `${BASELINE} ${label}`, baselineValue: percentile(plainMs, q), higherIsBetter: false,
    }));
    return [
      ...latencyFigures('POST /api/complaints', run.registerMs),
      ...latencyFigures('POST /api/tasks/{id}/complete (all complaint tasks)', run.completeMs),
      {
        name: 'server CPU per complaint driven to resolved', value: serverCpu.complaint, unit: 'ms',
        baseline: `${BASELINE}: server CPU per case`, baselineValue: serverCpu.plain, higherIsBetter: false,
      },
      {
        name: `complaints registered → case resolved (${database}, ${COUNT})`, value: instancesPerSecond, unit: '/s',
        baseline: `${BASELINE}, ${BASELINE_COUNT}`, baselineValue: plainPerSecond, higherIsBetter: true,
      },
    ];
  } finally {
    await server.stop();
    await postgres?.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('complaints', await benchComplaints());
}

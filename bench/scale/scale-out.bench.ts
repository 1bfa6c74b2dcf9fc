import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';
import { CallPool, signIn } from '../complaints/bench-client.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const COUNT = Number(process.env.SCALE_BENCH_COUNT ?? 2000);
const CALLS_PER_NODE = Number(process.env.SCALE_BENCH_CONCURRENCY ?? 6);
const NODE_COUNTS = (process.env.SCALE_BENCH_NODES ?? '1,2,4').split(',').map(Number);

/** Start → a service task → a second service task → end: an API call starts it, workers finish it. */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="scale" targetNamespace="urn:bench">
  <process id="scaleOut" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="first"/>
    <serviceTask id="first" rebound:action="notify" rebound:input="{ subject: &quot;first&quot; }"/>
    <sequenceFlow id="f2" sourceRef="first" targetRef="second"/>
    <serviceTask id="second" rebound:action="notify" rebound:input="{ subject: &quot;second&quot; }"/>
    <sequenceFlow id="f3" sourceRef="second" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

const freePort = () => new Promise<number>((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => done(port));
  });
});

interface Node { url: string; child: ChildProcess }

async function startNode(databaseUrl: string, password: string): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), REBOUND_ROLE: 'all', REBOUND_DEMO: 'false', REBOUND_ADMIN_PASSWORD: password,
      REBOUND_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '8' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Rebound is running')) ready();
    });
    child.once('exit', (code) => fail(new Error(`node exited with ${code}: ${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Starts COUNT instances over HTTP, round-robin over the nodes, and waits until the workers completed all. */
async function runWith(serverUrl: string, nodeCount: number): Promise<{ perSecond: number; elapsedMs: number }> {
  const scratch = await createScratchDatabase(serverUrl, `rebound_bench_scale${nodeCount}`);
  const password = randomBytes(18).toString('base64url');
  const nodes: Node[] = [];
  const db = new pg.Client({ connectionString: scratch.url });
  try {
    // The first node migrates; the others start on the migrated database.
    nodes.push(await startNode(scratch.url, password));
    nodes.push(...(await Promise.all(Array.from({ length: nodeCount - 1 }, () => startNode(scratch.url, password)))));
    const clients = await Promise.all(nodes.map((node) => signIn(node.url, 'admin@rebound.local', password)));
    await deploy(nodes[0]!.url, password);
    await db.connect();
    const pool = new CallPool(CALLS_PER_NODE * nodeCount);
    const started = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const client = clients[i % clients.length]!;
      pool.push(async () => {
        await client.call('/api/processes/scaleOut/instances', { method: 'POST', body: { businessKey: `scale-${i}`, variables: {} } });
      });
    }
    await pool.drain();
    if (pool.errors.length) throw new Error(`${pool.errors.length} starts failed; the first: ${String(pool.errors[0])}`);
    for (const deadline = Date.now() + 600_000; ;) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_instances WHERE process_id = 'scaleOut' AND status = 'completed'`);
      if (rows[0]!.n >= COUNT) break;
      if (Date.now() > deadline) throw new Error(`${rows[0]!.n} of ${COUNT} instances completed after 10 minutes`);
      await new Promise((done) => setTimeout(done, 20));
    }
    const elapsedMs = performance.now() - started;
    return { perSecond: (COUNT / elapsedMs) * 1000, elapsedMs };
  } finally {
    await db.end().catch(() => undefined);
    await Promise.all(nodes.map((node) => new Promise((done) => {
      node.child.once('exit', done);
      node.child.kill('SIGTERM');
    })));
    await scratch.drop();
  }
}

async function deploy(url: string, password: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@rebound.local', password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const response = await fetch(`${url}/api/processes`, { method: 'POST', headers: { 'content-type': 'application/xml', cookie }, body: MODEL });
  if (!response.ok) throw new Error(`deploy: ${response.status} ${await response.text()}`);
}

/**
 * Issue 17, point 3: the same load (COUNT instances started over HTTP, each running two
 * service-task calls on the workers) against 1, 2 and 4 Rebound processes (REBOUND_ROLE=all)
 * on one PostgreSQL. Each count is compared with one process in the same run. On this
 * 2-core machine the nodes, PostgreSQL and the load generator share the cores, so the ratio
 * shows the overhead of coordination (SKIP LOCKED, pg-boss, advisory locks) more than
 * the capacity more machines would add.
 */
export async function benchScaleOut(): Promise<BenchFigure[]> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('the scale-out bench needs DATABASE_URL (a PostgreSQL server; a scratch database is created on it per run)');
  console.log(`  ${COUNT} instances per run, ${CALLS_PER_NODE} starts in flight per node; ${cpus().length} cores; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = new Map<number, number>();
  for (const nodes of NODE_COUNTS) {
    const run = await runWith(serverUrl, nodes);
    results.set(nodes, run.perSecond);
    console.log(`  ${nodes} node(s): ${run.perSecond.toFixed(1)} instances/s (${(run.elapsedMs / 1000).toFixed(1)} s)`);
  }
  const one = results.get(1) ?? results.values().next().value!;
  return [...results].map(([nodes, perSecond]) => ({
    name: `${nodes} node(s), instances started over HTTP and completed by the workers`, value: perSecond, unit: 'instances/s',
    baseline: '1 node, same load, same run', baselineValue: one, higherIsBetter: true,
  }));
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  adminPassword: string;
  /** The server's process id (for CPU accounting from /proc). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts Rebound as `npm start` would (a separate process, embedded database in a temp
 * folder, small demo data), so a benchmark measures the real server over real HTTP.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebound-bench-server-'));
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  // The demo data only, without the demo scenes (a recall, complaints, mail): measurements stay comparable run to run.
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, REBOUND_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', REBOUND_DEMO_CUSTOMERS: '500', REBOUND_DEMO_ORDERS: '3000', REBOUND_DEMO_SCENES: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Rebound is running')) ready();
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    // On PostgreSQL (DATABASE_URL) no password is generated: the one set in the environment signs in.
    adminPassword: (env.REBOUND_ADMIN_PASSWORD ?? process.env.REBOUND_ADMIN_PASSWORD ?? readFileSync(join(dataDir, 'admin-password.txt'), 'utf8')).trim(),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

#!/usr/bin/env node
// CI: the server `npm run build` compiled, started as production starts it
// (NODE_ENV=production npm start, no tsx), answers /health and lets the admin sign in once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'rebound-built-'));
const password = randomBytes(18).toString('base64url');
const child = spawn(process.execPath, ['scripts/start.js'], {
  env: {
    PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1',
    REBOUND_DATA_DIR: dataDir, REBOUND_DEMO: 'false', REBOUND_ADMIN_EMAIL: 'ci@rebound.local',
    REBOUND_ADMIN_PASSWORD: password, REBOUND_SECRET: randomBytes(32).toString('hex'), LOG_FORMAT: 'json',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));

async function main() {
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the built server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('the built server did not answer /health within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ci@rebound.local', password }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`/api/auth/me answered ${me.status}`);
  console.log(`The built server started in production mode and the admin signed in (${(await me.json()).email}).`);
}

try {
  await main();
} catch (error) {
  console.error(output);
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Builds the console and public pages (web/) into web/dist with Vite, only when the sources
 * changed since the last build: `npm start` and `npm test` call it, so a fresh clone serves
 * a built console and an unchanged tree costs a hash of a few dozen files.
 *
 *   tsx scripts/build-web.ts            build now
 *   tsx scripts/build-web.ts --if-stale build only when web/ changed
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleFirstScreenSize } from './console-size.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const STAMP = join(DIST, '.source-hash');
const SKIP = new Set(['dist', 'node_modules', 'test-results']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !SKIP.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** A hash of every file under web/ (but the build output) and of the build tools' versions. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(WEB)) hash.update(relative(WEB, file)).update('\0').update(readFileSync(file)).update('\0');
  for (const tool of ['vite', '@vitejs/plugin-react', 'react', 'react-dom', 'react-router', 'echarts']) {
    const manifest = join(ROOT, 'node_modules', tool, 'package.json');
    if (existsSync(manifest)) hash.update(`${tool}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`);
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return existsSync(join(DIST, 'console.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === webSourceHash();
}

/** Builds web/ unless the last build is of the same sources; returns whether it built. */
export function ensureWebBuilt(options: { force?: boolean } = {}): boolean {
  if (!options.force && webBuildIsCurrent()) return false;
  const hash = webSourceHash();
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the web build failed (vite exited with ${result.status ?? result.signal})`);
  writeFileSync(STAMP, hash);
  console.log(`Built the console and public pages into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const size = consoleFirstScreenSize();
  console.log(`Console JavaScript (gzip): sign-in screen ${(size.signInGzipBytes / 1024).toFixed(0)} kB, home page after sign-in ${(size.homeGzipBytes / 1024).toFixed(0)} kB (budget 300 kB).`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (!ensureWebBuilt({ force: !ifStale })) console.log('The console and public pages are up to date (web/dist).');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/**
 * `npm run build` (after the web build): compiles the server's TypeScript into dist/ with
 * tsconfig.build.json and copies the plain JavaScript that lives among the sources (the
 * patched FEEL interpreter), so `NODE_ENV=production npm start` runs without tsx.
 * SQL migrations, processes and web/dist are read from the project folder, not copied
 * (src/platform/paths.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');

function plainJavaScript(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return plainJavaScript(path);
    return /\.(js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`The server build failed (tsc exited with ${result.status ?? result.signal}).`);
  process.exit(1);
}
for (const file of plainJavaScript(join(ROOT, 'src'))) {
  const target = join(OUT, relative(ROOT, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
console.log(`Built the server into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

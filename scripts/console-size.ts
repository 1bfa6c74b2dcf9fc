/**
 * What the console's first screens load, in gzip bytes, read from Vite's build manifest:
 * the sign-in screen (the entry and its static imports) and the home page after sign-in
 * (plus the home page's chunk and its static imports; charts load after, on their own).
 * `npm run build:web` prints it; test/web/console-size.test.ts holds it under the budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

interface ManifestChunk { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }

export interface ConsoleSize { signInGzipBytes: number; homeGzipBytes: number; files: { signIn: string[]; home: string[] } }

export function consoleFirstScreenSize(dist = DIST): ConsoleSize {
  const manifestPath = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`no build manifest at ${manifestPath}: run npm run build:web`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const closure = (keys: string[], seen = new Set<string>()): Set<string> => {
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      closure(manifest[key]?.imports ?? [], seen);
    }
    return seen;
  };
  const entry = Object.keys(manifest).find((key) => key.endsWith('console.html'));
  const home = Object.keys(manifest).find((key) => key.endsWith('pages/HomePage.tsx'));
  if (!entry || !home) throw new Error('the manifest names no console entry or home page');
  const gzipOf = (keys: Set<string>) => [...keys].reduce((sum, key) => sum + gzipSync(readFileSync(join(dist, manifest[key]!.file)), { level: 9 }).length, 0);
  const signIn = closure([entry]);
  const withHome = closure([home], new Set(signIn));
  return {
    signInGzipBytes: gzipOf(signIn),
    homeGzipBytes: gzipOf(withHome),
    files: { signIn: [...signIn].map((k) => manifest[k]!.file), home: [...withHome].map((k) => manifest[k]!.file) },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = consoleFirstScreenSize();
  console.log(`Console JavaScript (gzip): sign-in screen ${(size.signInGzipBytes / 1024).toFixed(0)} kB, home page after sign-in ${(size.homeGzipBytes / 1024).toFixed(0)} kB (budget 300 kB).`);
}

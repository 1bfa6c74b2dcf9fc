#!/usr/bin/env node
/**
 * `npm start`.
 *
 * In production (NODE_ENV=production) it runs the server `npm run build` compiled into
 * dist/, with no TypeScript compiler loaded, and refuses to start from sources instead.
 * Elsewhere it runs the TypeScript sources through tsx and builds the console first when
 * web/ changed, so `npm install && npm start` works on a fresh clone.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/src/main.js`;

if (process.env.NODE_ENV === 'production') {
  if (!existsSync(built) || !existsSync(`${root}web/dist/console.html`)) {
    console.error('Rebound is not built: run `npm run build` before `npm start` with NODE_ENV=production.');
    process.exit(1);
  }
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { ensureWebBuilt } = await import('./build-web.ts');
  try {
    ensureWebBuilt();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  await import('../src/main.ts');
}

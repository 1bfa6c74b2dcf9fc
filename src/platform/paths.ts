import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's folders, found from wherever this file runs: `src/platform/` under tsx,
 * `dist/src/platform/` once `npm run build` has compiled the server. Walking up to the
 * folder that holds package.json keeps both on the same processes, migrations and
 * web/dist, so an operator edits `processes/` once and the built server deploys it.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the Rebound project folder above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);
/** Shipped, editable BPMN and DMN models, deployed at start. */
export const PROCESSES_DIR = join(PROJECT_ROOT, 'processes');
/** Each module's SQL migrations: `src/<module>/migrations/` (data, read as they are). */
export const SOURCE_DIR = join(PROJECT_ROOT, 'src');
/** Where `npm run build:web` writes the console and public pages (see web/vite.config.ts). */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist') + '/';

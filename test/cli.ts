import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../src/platform/db/open.ts';
import type { Db } from '../src/platform/db/database.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createTestDatabase } from './postgres-template.ts';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'rebound.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A place for CLI runs: its own embedded data folder, or its own PostgreSQL database when
 * the suite runs against PostgreSQL. `rebound` runs as a real child process.
 */
export async function cliSandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-cli-'));
  const adminUrl = process.env.TEST_DATABASE_URL;
  const database = adminUrl ? await createTestDatabase(adminUrl, inject('postgresTemplate')) : undefined;
  const env: Record<string, string> = { REBOUND_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', ...(database ? { DATABASE_URL: database.url } : {}) };
  return {
    dir,
    env,
    run(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
      return new Promise((done) => {
        execFile(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: '', ...env, ...extraEnv }, timeout: 120_000 }, (error, stdout, stderr) => {
          done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        });
      });
    },
    /** Opens the same database the CLI wrote to (after the CLI process has exited). */
    open(): Promise<Db> {
      return openDatabase(loadConfig({ ...env }));
    },
    async cleanup() {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

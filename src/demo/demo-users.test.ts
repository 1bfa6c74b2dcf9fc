import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { listUsers } from '../platform/auth/users.ts';
import type { Db } from '../platform/db/database.ts';
import { DEMO_PASSWORDS_FILE, demoLoginsTable, ensureDemoUsers } from './demo-users.ts';

describe('the demo staff', () => {
  let db: Db;
  let dataDir: string;
  beforeAll(async () => {
    db = await openTestDb();
    dataDir = mkdtempSync(join(tmpdir(), 'rebound-demo-users-'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is never created on a production server', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    await expect(ensureDemoUsers(db, dataDir)).rejects.toThrow('NODE_ENV=production');
    expect(await listUsers(db)).toEqual([]);
    vi.unstubAllEnvs();
  });

  it('is created once with generated passwords kept owner-readable, and remembered at the next start', async () => {
    const first = await ensureDemoUsers(db, dataDir);
    expect(first.every((l) => (l.password ?? '').length >= 12)).toBe(true);
    expect(statSync(join(dataDir, DEMO_PASSWORDS_FILE)).mode & 0o777).toBe(0o600);
    const again = await ensureDemoUsers(db, dataDir);
    expect(again.map((l) => [l.email, l.password])).toEqual(first.map((l) => [l.email, l.password]));
    expect(await listUsers(db)).toHaveLength(first.length);
    // One line per person in the banner, the password at the end.
    const table = demoLoginsTable(again);
    expect(table).toHaveLength(first.length);
    for (const [i, line] of table.entries()) expect(line.endsWith(first[i]!.password!)).toBe(true);
  });
});

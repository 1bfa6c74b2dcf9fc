import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../audit/audit.ts';
import { ManualClock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import { createApiToken, principalFromToken } from './api-tokens.ts';
import { PERMISSIONS } from './permissions.ts';
import type { Principal } from './principal.ts';

const admin: Principal = { kind: 'token', tokenId: 0, name: 'issuer', permissions: new Set(PERMISSIONS) };

/** The database as one API node sees it, counting the token lookups it makes. */
function counting(db: Db): { db: Db; lookups: () => number } {
  let lookups = 0;
  return {
    db: { ...db, query: (sql, params) => ((lookups += /FROM api_tokens/.test(sql) ? 1 : 0), db.query(sql, params)) },
    lookups: () => lookups,
  };
}

describe('API token verification (the till check path)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('answers a burst of calls with one token from a single database lookup', async () => {
    const clock = new ManualClock(new Date());
    const { token } = await createApiToken(db, admin, systemActor, { name: 'till 1', scopes: ['stop-sale:check'] });
    const node = counting(db);
    const answers = await Promise.all(Array.from({ length: 20 }, () => principalFromToken(node.db, clock, token)));
    expect(answers.every((p) => p?.permissions.has('stop-sale:check'))).toBe(true);
    expect(node.lookups()).toBe(1);
    await principalFromToken(node.db, clock, token);
    expect(node.lookups()).toBe(1);
  });

  it('checks a busy token again in the background before its cache entry runs out, and then honours a revocation made by another node', async () => {
    const clock = new ManualClock(new Date());
    const { token, record } = await createApiToken(db, admin, systemActor, { name: 'till 2', scopes: ['stop-sale:check'] });
    const node = counting(db);
    expect(await principalFromToken(node.db, clock, token)).toBeDefined();

    // Another API node revokes it: this node learns on its next lookup.
    await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [record.id]);
    clock.advance(3_000);
    expect(await principalFromToken(node.db, clock, token)).toBeDefined();
    expect(node.lookups()).toBe(1);

    // Close to the end of the entry: still answered at once, while a lookup runs behind it.
    clock.advance(1_500);
    expect(await principalFromToken(node.db, clock, token)).toBeDefined();
    await expect.poll(async () => principalFromToken(node.db, clock, token)).toBeUndefined();
    expect(node.lookups()).toBe(2);
  });

  it('never answers from the cache once the entry is older than the cache time', async () => {
    const clock = new ManualClock(new Date());
    const { token, record } = await createApiToken(db, admin, systemActor, { name: 'till 3', scopes: ['stop-sale:check'] });
    expect(await principalFromToken(db, clock, token)).toBeDefined();
    await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [record.id]);
    clock.advance(5_000);
    expect(await principalFromToken(db, clock, token)).toBeUndefined();
  });

  it('keeps last_used_at to the minute without writing on every lookup', async () => {
    const clock = new ManualClock(new Date());
    const { token, record } = await createApiToken(db, admin, systemActor, { name: 'till 4', scopes: ['stop-sale:check'] });
    await principalFromToken(db, clock, token);
    const [first] = await db.query<{ last_used_at: Date }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [record.id]);
    expect(first!.last_used_at.getTime()).toBe(clock.now().getTime());
    clock.advance(10_000);
    await principalFromToken(db, clock, token);
    const [second] = await db.query<{ last_used_at: Date }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [record.id]);
    expect(second!.last_used_at.getTime()).toBe(first!.last_used_at.getTime());
  });
});

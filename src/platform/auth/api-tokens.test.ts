import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../audit/audit.ts';
import { ManualClock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import { createApiToken, principalFromToken, revokeApiToken } from './api-tokens.ts';
import { PERMISSIONS, permissionsOf, type Role } from './permissions.ts';
import { createUser, updateUser } from './users.ts';
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

describe('API tokens follow their owner', () => {
  let db: Db;
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  async function userWithRoles(email: string, roles: Role[]): Promise<Principal> {
    const user = await createUser(db, systemActor, { email, name: email, password: 'a long enough password 1', roles });
    return { kind: 'user', userId: user.id, email, name: email, roles, groups: [], permissions: permissionsOf(roles) };
  }

  it('narrows a demoted owner\'s tokens at once and stops a disabled owner\'s tokens, revoking them', async () => {
    const manager = await userWithRoles('owner@tokens.test', ['manager']);
    const { token, record } = await createApiToken(db, manager, systemActor, { name: 'shop', scopes: ['vouchers:redeem', 'data:read'] });
    expect(record).toMatchObject({ created_by: (manager as { userId: number }).userId, created_via: 'user', created_by_token: null });
    expect([...(await principalFromToken(db, clock, token))!.permissions].sort()).toEqual(['data:read', 'vouchers:redeem']);

    await updateUser(db, systemActor, record.created_by!, { roles: ['viewer'] }, clock);
    expect([...(await principalFromToken(db, clock, token))!.permissions]).toEqual(['data:read']);

    await updateUser(db, systemActor, record.created_by!, { disabled: true }, clock);
    expect(await principalFromToken(db, clock, token)).toBeUndefined();
    const [stored] = await db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM api_tokens WHERE id = $1', [record.id]);
    expect(stored!.revoked_at?.toISOString()).toBe(clock.now().toISOString());
    // Enabling the user again does not bring a revoked token back.
    await updateUser(db, systemActor, record.created_by!, { disabled: false, roles: ['manager'] }, clock);
    expect(await principalFromToken(db, clock, token)).toBeUndefined();
  });

  it('lets a token create only tokens that do not outlive it, records the creator, and revokes them with it', async () => {
    const manager = await userWithRoles('chain@tokens.test', ['manager']);
    const expiresAt = new Date(clock.now().getTime() + 30 * 86_400_000);
    const parent = await createApiToken(db, manager, systemActor, { name: 'integration', scopes: ['tokens:manage', 'vouchers:redeem'], expiresAt });
    const parentPrincipal = (await principalFromToken(db, clock, parent.token))!;

    await expect(
      createApiToken(db, parentPrincipal, systemActor, { name: 'longer', scopes: ['vouchers:redeem'], expiresAt: new Date(expiresAt.getTime() + 1_000) }),
    ).rejects.toMatchObject({ code: 'tokens.outlives_creator' });
    const child = await createApiToken(db, parentPrincipal, systemActor, { name: 'store system', scopes: ['tokens:manage', 'vouchers:redeem'] });
    expect(child.record).toMatchObject({ created_via: 'token', created_by_token: parent.record.id, created_by: parent.record.created_by });
    expect(child.record.expires_at?.toISOString()).toBe(expiresAt.toISOString());
    const grandchild = await createApiToken(db, (await principalFromToken(db, clock, child.token))!, systemActor, { name: 'till', scopes: ['vouchers:redeem'] });
    expect(grandchild.record).toMatchObject({ created_by_token: child.record.id, created_by: parent.record.created_by });

    await revokeApiToken(db, systemActor, parent.record.id, clock);
    expect(await principalFromToken(db, clock, child.token)).toBeUndefined();
    expect(await principalFromToken(db, clock, grandchild.token)).toBeUndefined();
    const [audit] = await db.query<{ details: { alsoRevoked: number[] } }>(
      "SELECT details FROM audit_log WHERE entity = 'api_token' AND action = 'revoke' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
      [String(parent.record.id)],
    );
    expect([...audit!.details.alsoRevoked].sort((a, b) => a - b)).toEqual([child.record.id, grandchild.record.id]);
  });

  it('keeps tokens made on the server (the CLI) working without an owner, and marks them so', async () => {
    const { token, record } = await createApiToken(db, admin, systemActor, { name: 'cli made', scopes: ['stop-sale:check'] });
    expect(record).toMatchObject({ created_via: 'cli', created_by: null });
    expect(await principalFromToken(db, clock, token)).toBeDefined();
  });
});

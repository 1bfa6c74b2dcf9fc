import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { PERMISSIONS, permissionsOf, type Permission, type Role } from './permissions.ts';
import type { Principal } from './principal.ts';
import { randomSecret, sha256 } from './secrets.ts';

/** Tokens look like `rbd_<random>` so that secret scanners and people recognise them. */
const TOKEN_PREFIX = 'rbd_';

export interface ApiToken {
  id: number;
  name: string;
  token_prefix: string;
  scopes: Permission[];
  created_by: number | null;
  /** The token that created this one (its owner is then this token's owner too). */
  created_by_token: number | null;
  created_via: 'user' | 'token' | 'cli';
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = 'id, name, token_prefix, scopes, created_by, created_by_token, created_via, created_at, expires_at, last_used_at, revoked_at';

/**
 * The operator on the server (the CLI, set-up scripts, tests): a token principal with id 0,
 * which no stored token has.
 */
export const SERVER_OPERATOR_TOKEN_ID = 0;

/**
 * Issues a token limited to `scopes`; a caller can only hand out permissions it holds.
 * The secret is returned once and only its hash is stored. A token follows its owner: a
 * token made by a user belongs to that user, one made by a token belongs to that token's
 * owner and can never outlive it (its expiry is at most the creator's, and revoking the
 * creator revokes it).
 */
export async function createApiToken(
  db: Db,
  creator: Principal,
  actor: Actor,
  input: { name: string; scopes: Permission[]; expiresAt?: Date | null },
): Promise<{ token: string; record: ApiToken }> {
  const unknown = input.scopes.filter((s) => !(PERMISSIONS as readonly string[]).includes(s));
  if (unknown.length) throw new AppError('invalid', `unknown scopes: ${unknown.join(', ')}`, 'tokens.unknown_scope');
  const beyond = input.scopes.filter((s) => !creator.permissions.has(s));
  if (beyond.length) throw new AppError('forbidden', `you cannot grant scopes you do not hold: ${beyond.join(', ')}`, 'tokens.scope_not_held');
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  return db.transaction(async (tx) => {
    let owner: number | null = creator.kind === 'user' ? creator.userId : null;
    let parent: number | null = null;
    let expiresAt = input.expiresAt ?? null;
    const via = creator.kind === 'user' ? 'user' : creator.tokenId === SERVER_OPERATOR_TOKEN_ID ? 'cli' : 'token';
    if (via === 'token' && creator.kind === 'token') {
      const [creating] = await tx.query<{ created_by: number | null; expires_at: Date | null }>(
        'SELECT created_by, expires_at FROM api_tokens WHERE id = $1 AND revoked_at IS NULL FOR UPDATE',
        [creator.tokenId],
      );
      if (!creating) throw new AppError('forbidden', 'the token making this request has been revoked', 'tokens.creator_revoked');
      owner = creating.created_by;
      parent = creator.tokenId;
      if (creating.expires_at) {
        if (expiresAt && expiresAt > creating.expires_at) {
          throw new AppError('invalid', `a token cannot outlive the token that creates it: expires_at must be at or before ${creating.expires_at.toISOString()}`, 'tokens.outlives_creator', {
            errors: [{ field: 'body.expires_at', message: `must be at or before ${creating.expires_at.toISOString()}` }],
          });
        }
        expiresAt ??= creating.expires_at;
      }
    }
    const [record] = await tx.query<ApiToken>(
      `INSERT INTO api_tokens (name, token_prefix, token_hash, scopes, created_by, created_by_token, created_via, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${TOKEN_COLUMNS}`,
      [input.name, token.slice(0, TOKEN_PREFIX.length + 6), sha256(token), input.scopes, owner, parent, via, expiresAt],
    );
    await recordAudit(tx, actor, { action: 'create', entity: 'api_token', entityId: record!.id, details: { name: input.name, scopes: input.scopes, createdVia: via, createdByToken: parent } });
    return { token, record: record! };
  });
}

/**
 * Revokes the tokens a user owns (when the user is disabled), in the caller's transaction,
 * and forgets them here at once; returns how many were revoked.
 */
export async function revokeTokensOwnedBy(tx: Db, actor: Actor, userId: number, clock: Clock): Promise<number> {
  const revoked = await tx.query<{ id: number }>('UPDATE api_tokens SET revoked_at = $2 WHERE created_by = $1 AND revoked_at IS NULL RETURNING id', [userId, clock.now()]);
  if (revoked.length) {
    await recordAudit(tx, actor, { action: 'revoke', entity: 'api_token', entityId: revoked.map((r) => r.id).join(','), details: { reason: 'owner disabled', ownerUserId: userId } });
  }
  forgetTokensOwnedBy(userId);
  return revoked.length;
}

/** A user's roles changed: their tokens are looked up again (and narrowed) on next use. */
export function forgetTokensOwnedBy(userId: number): void {
  generation++;
  for (const [hash, entry] of tokenCache) if (entry.ownerUserId === userId) tokenCache.delete(hash);
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  return db.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC, id DESC`);
}

/** Revokes a token and every token it created (directly or through others). */
export async function revokeApiToken(db: Db, actor: Actor, id: number, clock: Clock): Promise<ApiToken> {
  return db.transaction(async (tx) => {
    const [record] = await tx.query<ApiToken>(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
      [id, clock.now()],
    );
    if (!record) throw new AppError('not_found', `API token ${id} was not found`);
    const descendants = await tx.query<{ id: number }>(
      `WITH RECURSIVE made_by(id) AS (
         SELECT id FROM api_tokens WHERE created_by_token = $1
         UNION SELECT t.id FROM api_tokens t JOIN made_by m ON t.created_by_token = m.id
       )
       UPDATE api_tokens SET revoked_at = $2 WHERE id IN (SELECT id FROM made_by) AND revoked_at IS NULL RETURNING id`,
      [id, clock.now()],
    );
    await recordAudit(tx, actor, { action: 'revoke', entity: 'api_token', entityId: id, details: { name: record.name, alsoRevoked: descendants.map((d) => d.id) } });
    for (const descendant of descendants) forgetToken(descendant.id);
    return record;
  }).finally(() => forgetToken(id));
}

/**
 * Tills call the stop-sale check thousands of times a second with one token: a database
 * round trip per call would cost more than the answer. A verified token is remembered for
 * TOKEN_CACHE_MS; revoking clears it here at once, and other API nodes within TOKEN_CACHE_MS.
 * A token in use is verified again in the background shortly before its entry runs out
 * (one lookup per token at a time), so a busy till never waits for that lookup — nor do the
 * requests that arrive while it runs.
 */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_REFRESH_AHEAD_MS = 1_000;
const TOKEN_CACHE_MAX = 10_000;
/** `last_used_at` is kept to the minute: written at most once a minute per token. */
const LAST_USED_PRECISION_MS = 60_000;

interface CachedToken {
  principal: Principal | undefined;
  /** The user whose roles bound this token, so a change to that user drops the entry. */
  ownerUserId: number | null;
  verifiedAt: number;
  /** The token's own expiry: never answered from the cache past it. */
  expiresAt: number;
}

const tokenCache = new Map<string, CachedToken>();
const lookups = new Map<string, Promise<CachedToken>>();
/** Moves on every revocation: a lookup that started before it does not cache its answer. */
let generation = 0;

function forgetToken(id: number): void {
  generation++;
  for (const [hash, entry] of tokenCache) if (entry.principal?.kind === 'token' && entry.principal.tokenId === id) tokenCache.delete(hash);
}

export async function principalFromToken(db: Db, clock: Clock, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const hash = sha256(token);
  const now = clock.now().getTime();
  const cached = tokenCache.get(hash);
  if (cached && now < cached.expiresAt && now - cached.verifiedAt < TOKEN_CACHE_MS) {
    if (now - cached.verifiedAt >= TOKEN_CACHE_MS - TOKEN_REFRESH_AHEAD_MS) {
      verifyToken(db, clock, hash).catch((error: unknown) => console.error('api token check failed:', (error as Error).message));
    }
    return cached.principal;
  }
  return (await verifyToken(db, clock, hash)).principal;
}

/** Looks the token up and caches the answer; concurrent calls for one token share one lookup. */
function verifyToken(db: Db, clock: Clock, hash: string): Promise<CachedToken> {
  let lookup = lookups.get(hash);
  if (!lookup) {
    const startedIn = generation;
    lookup = lookUpToken(db, clock, hash)
      .then(({ principal, expiresAt, ownerUserId }) => {
        const entry = { principal, ownerUserId: ownerUserId ?? null, verifiedAt: clock.now().getTime(), expiresAt: expiresAt?.getTime() ?? Infinity };
        if (startedIn !== generation) return entry;
        if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
        tokenCache.set(hash, entry);
        return entry;
      })
      .finally(() => lookups.delete(hash));
    lookups.set(hash, lookup);
  }
  return lookup;
}

/**
 * A token's permissions are its scopes within what its owner may do today: a demoted
 * owner's tokens lose the scopes the new roles lack, a disabled (or deleted) owner's
 * tokens stop working. Tokens made on the server (CLI) have no owner to follow.
 */
async function lookUpToken(db: Db, clock: Clock, hash: string): Promise<{ principal?: Principal; expiresAt?: Date | null; ownerUserId?: number | null }> {
  const [row] = await db.query<{
    id: number; name: string; scopes: Permission[]; last_used_at: Date | null; expires_at: Date | null;
    created_by: number | null; created_via: string; owner_roles: Role[] | null; owner_disabled_at: Date | null;
  }>(
    `SELECT t.id, t.name, t.scopes, t.last_used_at, t.expires_at, t.created_by, t.created_via, u.roles AS owner_roles, u.disabled_at AS owner_disabled_at
     FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`,
    [hash, clock.now()],
  );
  if (!row) return {};
  const ownerless = row.created_via !== 'cli' && (row.created_by === null || row.owner_roles === null);
  if (ownerless || row.owner_disabled_at) return { ownerUserId: row.created_by };
  const ownerMay = row.created_via === 'cli' ? null : permissionsOf(row.owner_roles ?? []);
  const permissions = new Set(row.scopes.filter((scope) => !ownerMay || ownerMay.has(scope)));
  if (!permissions.size) return { ownerUserId: row.created_by };
  if (!row.last_used_at || clock.now().getTime() - row.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, clock.now()]);
  }
  return { principal: { kind: 'token', tokenId: row.id, name: row.name, permissions }, expiresAt: row.expires_at, ownerUserId: row.created_by };
}

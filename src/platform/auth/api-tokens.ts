import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';
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
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = 'id, name, token_prefix, scopes, created_by, created_at, expires_at, last_used_at, revoked_at';

/**
 * Issues a token limited to `scopes`; a caller can only hand out permissions it holds.
 * The secret is returned once and only its hash is stored.
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
    const [record] = await tx.query<ApiToken>(
      `INSERT INTO api_tokens (name, token_prefix, token_hash, scopes, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
      [input.name, token.slice(0, TOKEN_PREFIX.length + 6), sha256(token), input.scopes, creator.kind === 'user' ? creator.userId : null, input.expiresAt ?? null],
    );
    await recordAudit(tx, actor, { action: 'create', entity: 'api_token', entityId: record!.id, details: { name: input.name, scopes: input.scopes } });
    return { token, record: record! };
  });
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  return db.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC, id DESC`);
}

export async function revokeApiToken(db: Db, actor: Actor, id: number, clock: Clock): Promise<ApiToken> {
  return db.transaction(async (tx) => {
    const [record] = await tx.query<ApiToken>(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
      [id, clock.now()],
    );
    if (!record) throw new AppError('not_found', `API token ${id} was not found`);
    await recordAudit(tx, actor, { action: 'revoke', entity: 'api_token', entityId: id, details: { name: record.name } });
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
      .then(({ principal, expiresAt }) => {
        const entry = { principal, verifiedAt: clock.now().getTime(), expiresAt: expiresAt?.getTime() ?? Infinity };
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

async function lookUpToken(db: Db, clock: Clock, hash: string): Promise<{ principal?: Principal; expiresAt?: Date | null }> {
  const [row] = await db.query<{ id: number; name: string; scopes: Permission[]; last_used_at: Date | null; expires_at: Date | null }>(
    `SELECT id, name, scopes, last_used_at, expires_at FROM api_tokens
     WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
    [hash, clock.now()],
  );
  if (!row) return {};
  if (!row.last_used_at || clock.now().getTime() - row.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, clock.now()]);
  }
  return { principal: { kind: 'token', tokenId: row.id, name: row.name, permissions: new Set(row.scopes) }, expiresAt: row.expires_at };
}

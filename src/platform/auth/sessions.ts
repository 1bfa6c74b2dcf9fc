import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import type { Role } from './permissions.ts';
import { permissionsOf } from './permissions.ts';
import type { Principal } from './principal.ts';
import { randomSecret, sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'rebound_session';

export async function createSession(db: Db, clock: Clock, userId: number, ttlHours: number): Promise<{ id: string; expiresAt: Date }> {
  const id = randomSecret();
  const expiresAt = new Date(clock.now().getTime() + ttlHours * 3_600_000);
  await db.query('INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)', [sha256(id), userId, clock.now(), expiresAt]);
  return { id, expiresAt };
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(id)]);
}

export async function principalFromSession(db: Db, clock: Clock, id: string): Promise<Principal | undefined> {
  const [row] = await db.query<{ user_id: number; email: string; name: string; roles: Role[]; department: string | null; last_seen_at: Date }>(
    `SELECT s.user_id, u.email, u.name, u.roles, u.department, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [sha256(id), clock.now()],
  );
  if (!row) return undefined;
  // Touch at most once a minute: a write per request would serialise PGlite's one connection.
  if (clock.now().getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [sha256(id), clock.now()]);
  }
  return { kind: 'user', userId: row.user_id, email: row.email, name: row.name, roles: row.roles, groups: row.department ? [row.department] : [], permissions: permissionsOf(row.roles) };
}

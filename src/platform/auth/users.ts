import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { isPgError } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { Clock } from '../clock/clock.ts';
import { systemClock } from '../clock/clock.ts';
import { forgetTokensOwnedBy, revokeTokensOwnedBy } from './api-tokens.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { Role } from './permissions.ts';

export interface User {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  department: string | null;
  language: string;
  created_at: Date;
  disabled_at: Date | null;
}

const USER_COLUMNS = 'id, email, name, roles, department, language, created_at, disabled_at';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: Role[];
  department?: string | null;
  language?: string;
}

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<User> {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('invalid', `password ${problem}`, 'users.weak_password', { errors: [{ field: 'body.password', message: problem }] });
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    try {
      const [user] = await tx.query<User>(
        `INSERT INTO users (email, name, password_hash, roles, department, language) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${USER_COLUMNS}`,
        [input.email.trim(), input.name.trim(), hash, input.roles, input.department ?? null, input.language ?? 'en'],
      );
      await recordAudit(tx, actor, { action: 'create', entity: 'user', entityId: user!.id, details: { email: user!.email, roles: user!.roles } });
      return user!;
    } catch (error) {
      if (isPgError(error, '23505')) throw new AppError('conflict', `a user with e-mail ${input.email} already exists`, 'users.email_taken');
      throw error;
    }
  });
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.query<User>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(email)`);
}

export async function findUserForLogin(db: Db, email: string): Promise<(User & { password_hash: string }) | undefined> {
  const [user] = await db.query<User & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
    [email.trim()],
  );
  return user;
}

export interface UserChanges {
  name?: string;
  roles?: Role[];
  department?: string | null;
  disabled?: boolean;
  password?: string;
}

/**
 * Disabling a user ends their sessions and revokes their API tokens; changing their roles
 * narrows their tokens at once (a token never does more than its owner may).
 */
export async function updateUser(db: Db, actor: Actor, id: number, changes: UserChanges, clock: Clock = systemClock): Promise<User> {
  if (changes.password !== undefined) {
    const problem = passwordProblem(changes.password);
    if (problem) throw new AppError('invalid', `password ${problem}`, 'users.weak_password');
  }
  const hash = changes.password !== undefined ? await hashPassword(changes.password) : null;
  return db.transaction(async (tx) => {
    const [user] = await tx.query<User>(
      `UPDATE users SET name = coalesce($2, name), roles = coalesce($3, roles), department = CASE WHEN $4 THEN $5 ELSE department END,
         disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN coalesce(disabled_at, now()) ELSE NULL END,
         password_hash = coalesce($7, password_hash)
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, changes.name ?? null, changes.roles ?? null, changes.department !== undefined, changes.department ?? null, changes.disabled ?? null, hash],
    );
    if (!user) throw new AppError('not_found', `user ${id} was not found`);
    // A disabled user or a changed password ends every session of that user at once.
    if (changes.disabled || hash) await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    if (changes.disabled) await revokeTokensOwnedBy(tx, actor, id, clock);
    const { password: _password, ...audited } = changes;
    await recordAudit(tx, actor, { action: 'update', entity: 'user', entityId: id, details: { ...audited, passwordChanged: hash !== null } });
    return user;
  }).finally(() => {
    if (changes.roles || changes.disabled !== undefined) forgetTokensOwnedBy(id);
  });
}

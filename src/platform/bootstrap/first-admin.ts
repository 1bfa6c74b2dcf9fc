import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../audit/audit.ts';
import { randomSecret } from '../auth/secrets.ts';
import type { Role } from '../auth/permissions.ts';
import { createUser } from '../auth/users.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';

export interface FirstAdmin {
  email: string;
  /** The generated demo password (embedded mode, kept in the data folder); never one set by the environment. */
  password?: string;
  created: boolean;
}

/**
 * The first administrator also holds the manager and agent roles: on a fresh installation
 * nobody else exists yet to answer a complaint or confirm a recall, and tasks are offered by
 * role, so an administrator alone could open the inbox but claim nothing in it (decision
 * 012). An operator who wants administration kept apart from casework removes the two roles
 * in Users once the team is there.
 */
export const FIRST_ADMIN_ROLES: readonly Role[] = ['admin', 'manager', 'agent'];

/**
 * Makes sure someone can sign in. With no users yet, creates an administrator: the password
 * comes from REBOUND_ADMIN_PASSWORD or, in the embedded mode, is generated and kept in the
 * data folder (readable by the owner only), so the demo login is printed at every start
 * without any password living in the repository.
 */
export async function ensureFirstAdmin(db: Db, config: Config): Promise<FirstAdmin | undefined> {
  const passwordFile = join(config.REBOUND_DATA_DIR, 'admin-password.txt');
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM users');
  const embedded = !config.DATABASE_URL;
  if (n > 0) {
    const remembered = embedded && existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : undefined;
    return { email: config.REBOUND_ADMIN_EMAIL, password: remembered, created: false };
  }
  const password = config.REBOUND_ADMIN_PASSWORD ?? (embedded ? randomSecret(12) : undefined);
  if (!password) return undefined;
  await createUser(db, systemActor, { email: config.REBOUND_ADMIN_EMAIL, name: 'Administrator', password, roles: [...FIRST_ADMIN_ROLES] });
  if (embedded && !config.REBOUND_ADMIN_PASSWORD) writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  // Only the generated demo password is shown; one an operator set stays out of the output.
  return { email: config.REBOUND_ADMIN_EMAIL, password: config.REBOUND_ADMIN_PASSWORD ? undefined : password, created: true };
}

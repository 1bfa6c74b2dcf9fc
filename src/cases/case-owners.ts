import type { Db } from '../platform/db/database.ts';
import { invalidField } from './case-errors.ts';

/** An owner must be an active user; the error names the field the caller sent. */
export async function checkOwner(db: Db, ownerId: number, field = 'body.owner_id'): Promise<{ id: number; email: string }> {
  const [user] = await db.query<{ id: number; email: string }>('SELECT id, email FROM users WHERE id = $1 AND disabled_at IS NULL', [ownerId]);
  if (!user) throw invalidField(field, `is not an active user (no user ${ownerId})`, 'cases.owner_unknown');
  return user;
}

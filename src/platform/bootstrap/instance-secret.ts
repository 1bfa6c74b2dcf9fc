import type { Db } from '../db/database.ts';
import { randomSecret } from '../auth/secrets.ts';

/**
 * The key that signs public links: REBOUND_SECRET when set, otherwise one generated at
 * first start and kept in the database, so every node on one PostgreSQL shares it and
 * no secret ever sits in the repository.
 */
export async function signingSecret(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  await db.query(`INSERT INTO instance_secrets (name, value) VALUES ('signing_key', $1) ON CONFLICT (name) DO NOTHING`, [randomSecret(48)]);
  const [row] = await db.query<{ value: string }>(`SELECT value FROM instance_secrets WHERE name = 'signing_key'`);
  return row!.value;
}

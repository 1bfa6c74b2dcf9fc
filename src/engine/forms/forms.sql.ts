import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { formSchemaProblems, type FormSchema } from './validate-form-data.ts';

export interface DeployedForm {
  id: number;
  formKey: string;
  version: number;
  created: boolean;
}

/** Deploys a form-js schema under its id; an identical schema keeps its version. */
export async function deployForm(db: Db, schema: unknown, actor: Actor): Promise<DeployedForm> {
  const problems = formSchemaProblems(schema);
  if (problems.length) throw new AppError('unprocessable', `form refused: ${problems.join('; ')}`, 'engine.form_refused', { problems });
  const form = schema as FormSchema & { id: string };
  const json = JSON.stringify(form);
  const checksum = createHash('sha256').update(json).digest('hex');
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('engine.form:' || $1))`, [form.id]);
    const [latest] = await tx.query<{ id: number; version: number; checksum: string }>(
      'SELECT id, version, checksum FROM engine_forms WHERE form_key = $1 ORDER BY version DESC LIMIT 1', [form.id]);
    if (latest?.checksum === checksum) return { id: latest.id, formKey: form.id, version: latest.version, created: false };
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO engine_forms (form_key, version, schema, checksum, deployed_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [form.id, version, json, checksum, actor.label]);
    await recordAudit(tx, actor, { action: 'deploy', entity: 'form', entityId: row!.id, details: { formKey: form.id, version } });
    return { id: row!.id, formKey: form.id, version, created: true };
  });
}

export async function latestFormIds(db: Db, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db.query<{ form_key: string; id: number }>(
    `SELECT DISTINCT ON (form_key) form_key, id FROM engine_forms WHERE form_key = ANY($1::text[]) ORDER BY form_key, version DESC`, [keys]);
  return new Map(rows.map((r) => [r.form_key, r.id]));
}

export async function formById(db: Db, id: number): Promise<FormSchema | undefined> {
  const [row] = await db.query<{ schema: FormSchema }>('SELECT schema FROM engine_forms WHERE id = $1', [id]);
  return row?.schema;
}

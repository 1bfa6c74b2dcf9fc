import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { WebhookKind } from './webhook-signatures.ts';

export interface EventSource {
  name: string;
  kind: WebhookKind;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}

/** The sources as the API shows them: never the secret. */
export async function listEventSources(db: Db): Promise<EventSource[]> {
  return db.query<EventSource>('SELECT name, kind, enabled, created_at, updated_at, updated_by FROM delivery_event_sources ORDER BY name');
}

type SourceSecret = { kind: WebhookKind; secret: string } | undefined;

/**
 * How long a looked-up secret is reused. At thousands of webhooks a second, a query each
 * for the secret queued in the connection pool ahead of the transactions storing them
 * (decision 052); reused for a second, a source switched off or given a new secret in
 * another process takes effect there within that second (in this one, at once).
 */
const SECRET_REUSE_MS = 1000;
const secrets = new WeakMap<Db, Map<string, { at: number; secret: Promise<SourceSecret> }>>();

/** The secret of an enabled source, for the webhook route alone. */
export async function sourceSecret(db: Db, name: string): Promise<SourceSecret> {
  let known = secrets.get(db);
  if (!known) secrets.set(db, (known = new Map()));
  const now = performance.now();
  const cached = known.get(name);
  if (cached && now - cached.at < SECRET_REUSE_MS) return cached.secret;
  const secret = db.query<{ kind: WebhookKind; secret: string }>('SELECT kind, secret FROM delivery_event_sources WHERE name = $1 AND enabled', [name]).then(([row]) => row);
  known.set(name, { at: now, secret });
  secret.catch(() => known.delete(name));
  return secret;
}

/** Creates or changes a source; the audit records that the secret changed, never the secret. */
export async function saveEventSource(db: Db, clock: Clock, actor: Actor, input: { name: string; kind: WebhookKind; secret?: string; enabled?: boolean }): Promise<EventSource> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ kind: string }>('SELECT kind FROM delivery_event_sources WHERE name = $1 FOR UPDATE', [input.name]);
    if (!existing && !input.secret) {
      throw new AppError('invalid', 'The body is invalid: body.secret is required for a new source', 'validation', { errors: [{ field: 'body.secret', message: 'is required for a new source' }] });
    }
    // Two statements, not INSERT … ON CONFLICT: PostgreSQL checks NOT NULL on the proposed row
    // before it finds the conflict, so a change without a new secret would fail on `secret`.
    const [row] = existing
      ? await tx.query<EventSource>(
        `UPDATE delivery_event_sources SET kind = $2, secret = coalesce($3, secret), enabled = coalesce($4, enabled), updated_at = $5, updated_by = $6
         WHERE name = $1 RETURNING name, kind, enabled, created_at, updated_at, updated_by`,
        [input.name, input.kind, input.secret ?? null, input.enabled ?? null, now, actor.label])
      : await tx.query<EventSource>(
        `INSERT INTO delivery_event_sources (name, kind, secret, enabled, created_at, updated_at, updated_by)
         VALUES ($1, $2, $3, coalesce($4, true), $5, $5, $6)
         RETURNING name, kind, enabled, created_at, updated_at, updated_by`,
        [input.name, input.kind, input.secret, input.enabled ?? null, now, actor.label]);
    await recordAudit(tx, actor, { action: existing ? 'update' : 'create', entity: 'delivery_event_source', entityId: input.name, details: { kind: input.kind, secret_changed: !!input.secret, enabled: row!.enabled } });
    return row!;
  }).finally(() => secrets.get(db)?.delete(input.name));
}

import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';
import { invalidField } from './case-errors.ts';
import { recordCaseEvent } from './case-events.ts';
import { lockCase } from './case-lock.ts';
import type { Change } from './case-model.ts';
import { insertNotifications } from './case-notifications.ts';
import { mentionedEmails } from './mentions.ts';

export interface CaseComment {
  id: number;
  case_id: number;
  author_kind: string;
  author_id: string | null;
  author_label: string;
  body: string;
  mentions: { id: number; email: string; name: string }[];
  created_at: Date;
}

/**
 * Adds an internal comment. Every @e-mail must be an active user: a mention that reaches
 * nobody is refused with the unknown addresses named, rather than silently dropped —
 * the author believes someone was told. Each mentioned user gets a notification, in the
 * console and by e-mail.
 */
export async function addComment(db: Db, ctx: AppContext, caseId: number, body: string, change: Change): Promise<CaseComment> {
  if (!body.trim()) throw invalidField('body.body', 'must not be blank');
  const emails = mentionedEmails(body);
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    const users = emails.length
      ? await tx.query<{ id: number; email: string; name: string }>(
          'SELECT id, email, name FROM users WHERE lower(email) = ANY($1::text[]) AND disabled_at IS NULL',
          [emails],
        )
      : [];
    const unknown = emails.filter((email) => !users.some((u) => u.email.toLowerCase() === email));
    if (unknown.length) throw invalidField('body.body', `mentions ${unknown.map((e) => `@${e}`).join(', ')}, who ${unknown.length === 1 ? 'is not a user' : 'are not users'}`, 'cases.mention_unknown');

    const [comment] = await tx.query<{ id: number; created_at: Date }>(
      `INSERT INTO case_comments (case_id, author_kind, author_id, author_label, body, mentions, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7) RETURNING id, created_at`,
      [caseId, change.actor.kind, change.actor.id ?? null, change.actor.label, body, users.map((u) => u.id), change.at],
    );
    await tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [caseId, change.at]);
    await recordCaseEvent(tx, caseId, change, 'commented', { comment_id: comment!.id, mentions: users.map((u) => u.email) });
    await recordAudit(tx, change.actor, { action: 'comment', entity: 'case', entityId: caseId, details: { comment_id: comment!.id, mentions: users.map((u) => u.email) } });
    await insertNotifications(
      tx,
      ctx,
      users
        .filter((u) => String(u.id) !== change.actor.id)
        .map((u) => ({ userId: u.id, caseId, kind: 'mention' as const, commentId: comment!.id, message: `${change.actor.label} mentioned you on case #${caseId} "${row.title}"` })),
      change.at,
    );
    return {
      id: comment!.id,
      case_id: caseId,
      author_kind: change.actor.kind,
      author_id: change.actor.id ?? null,
      author_label: change.actor.label,
      body,
      mentions: users,
      created_at: comment!.created_at,
    };
  });
}

export async function listComments(db: Db, caseId: number): Promise<CaseComment[]> {
  return db.query<CaseComment>(
    `SELECT c.id, c.case_id, c.author_kind, c.author_id, c.author_label, c.body, c.created_at,
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name) ORDER BY u.id)
                      FROM users u WHERE u.id = ANY(c.mentions)), '[]'::jsonb) AS mentions
     FROM case_comments c WHERE c.case_id = $1 ORDER BY c.created_at, c.id`,
    [caseId],
  );
}

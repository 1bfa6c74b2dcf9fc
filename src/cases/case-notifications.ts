import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { emailNotifications } from './notification-emails.ts';

/**
 * Notifications for console users: mentioned in a comment, given a case, a deadline passed.
 * They are rows the console lists, and each is e-mailed to the colleague through the comms
 * outbox in the same transaction (notification-emails.ts).
 */
export type NotificationKind = 'mention' | 'assigned' | 'sla_breached';

export interface NewNotification {
  userId: number;
  caseId: number;
  kind: NotificationKind;
  message: string;
  commentId?: number;
}

export interface CaseNotification {
  id: number;
  case_id: number;
  kind: NotificationKind;
  comment_id: number | null;
  message: string;
  created_at: Date;
  read_at: Date | null;
}

export async function insertNotifications(tx: Db, ctx: AppContext, notifications: readonly NewNotification[], at: Date): Promise<void> {
  if (notifications.length === 0) return;
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO case_notifications (user_id, case_id, kind, comment_id, message, created_at)
     SELECT user_id, case_id, kind, comment_id, message, $2 FROM jsonb_to_recordset($1::jsonb) AS n(user_id bigint, case_id bigint, kind text, comment_id bigint, message text)
     RETURNING id`,
    [JSON.stringify(notifications.map((n) => ({ user_id: n.userId, case_id: n.caseId, kind: n.kind, comment_id: n.commentId ?? null, message: n.message }))), at],
  );
  await emailNotifications(tx, ctx, inserted.map((row) => row.id));
}

export async function listNotifications(db: Db, userId: number, options: { unreadOnly: boolean; limit: number; offset: number }) {
  const where = `WHERE user_id = $1 ${options.unreadOnly ? 'AND read_at IS NULL' : ''}`;
  const items = await db.query<CaseNotification>(
    `SELECT id, case_id, kind, comment_id, message, created_at, read_at FROM case_notifications ${where} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [userId, options.limit, options.offset],
  );
  const [count] = await db.query<{ total: number; unread: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread FROM case_notifications ${where}`,
    [userId],
  );
  return { items, total: count?.total ?? 0, unread: count?.unread ?? 0, limit: options.limit, offset: options.offset };
}

/** Marks one of the user's own notifications read; someone else's is "not found", not "forbidden". */
export async function markNotificationRead(db: Db, userId: number, id: number, at: Date): Promise<CaseNotification> {
  const [row] = await db.query<CaseNotification>(
    `UPDATE case_notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2
     RETURNING id, case_id, kind, comment_id, message, created_at, read_at`,
    [id, userId, at],
  );
  if (!row) throw new AppError('not_found', `notification ${id} was not found`, 'cases.notification_not_found');
  return row;
}

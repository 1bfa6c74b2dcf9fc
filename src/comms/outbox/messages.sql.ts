import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { ChannelName } from '../channels/channel.ts';
import { wakeDelivery } from './delivery-queues.ts';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'failed', 'bounced', 'suppressed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const COLUMNS = `id, idempotency_key, channel, customer_id, endpoint_id, template_key, event, campaign, reason, resource_type, resource_id,
  safety, priority, status, status_reason, attempts, interrupted_attempts, next_attempt_at, recipient, language, message_id, provider_id,
  created_at, sent_at, delivered_at, opened_at, clicked_at, failed_at`;

export interface MessageFilter {
  status?: MessageStatus;
  channel?: ChannelName;
  campaign?: string;
  customerId?: number;
  deadOnly?: boolean;
  limit: number;
  offset: number;
}

export async function listMessages(db: Db, filter: MessageFilter) {
  const params = [filter.status ?? null, filter.channel ?? null, filter.campaign ?? null, filter.customerId ?? null, filter.deadOnly ?? false];
  const where = `WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR campaign = $3)
    AND ($4::bigint IS NULL OR customer_id = $4) AND (NOT $5 OR status IN ('failed', 'bounced'))`;
  const items = await db.query(`SELECT ${COLUMNS} FROM comms_messages ${where} ORDER BY ${filter.deadOnly ? 'failed_at DESC,' : ''} id DESC LIMIT $6 OFFSET $7`, [...params, filter.limit, filter.offset]);
  const [total] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM comms_messages ${where}`, params);
  return { items, total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
}

export async function getMessage(db: Db, id: number) {
  const [row] = await db.query(`SELECT ${COLUMNS}, variables FROM comms_messages WHERE id = $1`, [id]);
  return row;
}

export interface ResourceMessage {
  id: number;
  channel: ChannelName;
  customer_id: number | null;
  template_key: string | null;
  event: string | null;
  campaign: string;
  reason: string;
  status: MessageStatus;
  status_reason: string | null;
  recipient: string | null;
  language: string | null;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  failed_at: Date | null;
}

/**
 * The messages that belong to a record (a case, a recall), newest first, at most `limit`:
 * what a timeline shows beside the record's own history.
 */
export async function messagesAboutResource(db: Db, resource: { type: string; id: string | number }, limit: number): Promise<ResourceMessage[]> {
  return db.query<ResourceMessage>(
    `SELECT id, channel, customer_id, template_key, event, campaign, reason, status, status_reason, recipient, language, attempts,
            created_at, sent_at, delivered_at, opened_at, clicked_at, failed_at
     FROM comms_messages WHERE resource_type = $1 AND resource_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
    [resource.type, String(resource.id), limit],
  );
}

/**
 * Puts dead letters (failed or bounced) back in the queue with a fresh attempt budget;
 * the idempotency key and Message-ID stay, so a retry is still the same message.
 */
export async function retryDeadLetters(tx: Db, ctx: AppContext, filter: { ids?: readonly number[]; campaign?: string }, actorLabel: string): Promise<number> {
  const now = ctx.clock.now();
  const rows = await tx.query<{ channel: ChannelName }>(
    `UPDATE comms_messages SET status = 'queued', attempts = 0, failed_at = NULL, next_attempt_at = $3,
            status_reason = 'retried by ' || $4
     WHERE status IN ('failed', 'bounced') AND ($1::bigint[] IS NULL OR id = ANY($1)) AND ($2::text IS NULL OR campaign = $2)
     RETURNING channel`,
    [filter.ids ?? null, filter.campaign ?? null, now, actorLabel],
  );
  for (const channel of new Set(rows.map((r) => r.channel))) await wakeDelivery(ctx, channel, { tx });
  return rows.length;
}

/** Progress of a campaign (or process step): messages per status and channel. */
export async function campaignProgress(db: Db, campaign: string) {
  return db.query<{ channel: ChannelName; status: MessageStatus; n: number }>(
    'SELECT channel, status, count(*) AS n FROM comms_messages WHERE campaign = $1 GROUP BY channel, status ORDER BY channel, status',
    [campaign],
  );
}

/**
 * Tracking events move a message forward only (sent → delivered → opened → clicked): a
 * late "delivered" report never hides that the customer already clicked.
 */
export async function recordEngagement(db: Db, id: number, event: 'opened' | 'clicked', now: Date): Promise<void> {
  await db.query(
    `UPDATE comms_messages SET
       status = CASE WHEN status IN ('sent', 'delivered') OR (status = 'opened' AND $2 = 'clicked') THEN $2 ELSE status END,
       opened_at = coalesce(opened_at, $3),
       clicked_at = CASE WHEN $2 = 'clicked' THEN coalesce(clicked_at, $3) ELSE clicked_at END
     WHERE id = $1 AND sent_at IS NOT NULL`,
    [id, event, now],
  );
}

/**
 * Messages due now and not yet handed to their channel: queued with their time come, or
 * being sent. Zero once a burst of sends has drained (a message held back by quiet hours
 * or the daily cap waits for a later time and is not counted).
 */
export async function dueOutboxBacklog(db: Db, now: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM comms_messages WHERE status = 'sending' OR (status = 'queued' AND next_attempt_at <= $1)`, [now]);
  return Number(row?.n ?? 0);
}

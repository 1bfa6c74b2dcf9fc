import { AppError } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { wakeDelivery } from './delivery-queues.ts';

export interface WebhookRequest {
  endpointId: number;
  /** Event type, e.g. 'recall.block_list'. */
  event: string;
  payload: unknown;
  /** Unique per delivery to this endpoint, e.g. 'recall:42:block-list:v3'. */
  deliveryKey: string;
  reason: string;
  resource?: { type: string; id: string | number };
}

/** Queues a signed webhook delivery inside the caller's transaction; retried with backoff until accepted. */
export async function enqueueWebhook(tx: Db, ctx: AppContext, request: WebhookRequest): Promise<{ messageId?: number; status: 'queued' | 'duplicate' }> {
  const [endpoint] = await tx.query<{ active: boolean }>('SELECT active FROM comms_webhook_endpoints WHERE id = $1', [request.endpointId]);
  if (!endpoint) throw new AppError('not_found', `webhook endpoint ${request.endpointId} was not found`, 'comms.unknown_endpoint');
  const now = ctx.clock.now();
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO comms_messages (idempotency_key, channel, endpoint_id, event, variables, campaign, reason, resource_type, resource_id, status, next_attempt_at, created_at)
     VALUES ($1, 'webhook', $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $9)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [`webhook:${request.endpointId}:${request.deliveryKey}`, request.endpointId, request.event, JSON.stringify(request.payload ?? null),
      request.deliveryKey, request.reason, request.resource?.type ?? null, request.resource ? String(request.resource.id) : null, now],
  );
  if (!row) return { status: 'duplicate' };
  await wakeDelivery(ctx, 'webhook', { tx });
  return { messageId: row.id, status: 'queued' };
}

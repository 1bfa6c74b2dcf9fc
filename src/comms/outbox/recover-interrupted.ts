import type { ChannelName } from '../channels/channel.ts';
import type { DeliveryRuntime } from './drain.ts';
import { wakeDelivery } from './delivery-queues.ts';
import { recordOutcomes } from './record-outcomes.sql.ts';

interface Interrupted {
  id: number;
  channel: ChannelName;
  attempt_id: string;
  message_id: string | null;
}

/**
 * Settles messages whose sending worker died between claiming them and recording the
 * answer (their lease ran out). Nobody knows whether the provider took them. Where the
 * provider can be asked (the embedded mailbox, gateways that honour our reference), the
 * answer decides; otherwise the message is sent again *with the same Message-ID and
 * idempotency key*, so the receiving side can recognise the repeat. The count of such
 * attempts is kept on the row (interrupted_attempts). See docs/decisions/007-outbox-delivery.md.
 */
export async function recoverInterruptedSends(rt: DeliveryRuntime): Promise<{ settled: number; resent: number }> {
  const now = rt.ctx.clock.now();
  const rows = await rt.ctx.db.query<Interrupted>(
    `SELECT id, channel, attempt_id, message_id FROM comms_messages
     WHERE status = 'sending' AND lease_until < $1 ORDER BY lease_until LIMIT 5000`,
    [now],
  );
  if (!rows.length) return { settled: 0, resent: 0 };
  const accepted = new Set<number>();
  for (const channel of new Set(rows.map((r) => r.channel))) {
    const lookup = rt.adapters[channel]?.lookupAccepted;
    const ofChannel = rows.filter((r) => r.channel === channel && r.message_id);
    if (!lookup || !ofChannel.length) continue;
    const found = await lookup(ofChannel.map((r) => r.message_id!));
    for (const row of ofChannel) if (found.has(row.message_id!)) accepted.add(row.id);
  }
  const settledRows = rows.filter((r) => accepted.has(r.id));
  const resendRows = rows.filter((r) => !accepted.has(r.id));
  const resent = await rt.ctx.db.transaction(async (tx) => {
    if (settledRows.length) {
      await recordOutcomes(tx, settledRows.map((r) => ({ id: r.id, attemptId: r.attempt_id, outcome: { kind: 'accepted' as const }, summary: `${r.channel} message (confirmed by the provider after an interruption)` })), now, rt.retry);
    }
    const requeued = await tx.query<{ channel: ChannelName }>(
      `UPDATE comms_messages m SET status = 'queued', lease_until = NULL, next_attempt_at = $3,
              interrupted_attempts = m.interrupted_attempts + 1,
              status_reason = 'attempt ' || m.attempt_id || ' was interrupted before its outcome was recorded; sent again with the same Message-ID'
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt_id uuid)
       WHERE m.id = r.id AND m.attempt_id = r.attempt_id AND m.status = 'sending' AND m.lease_until < $2
       RETURNING m.channel`,
      [JSON.stringify(resendRows.map((r) => ({ id: r.id, attempt_id: r.attempt_id }))), now, now],
    );
    for (const channel of new Set(requeued.map((r) => r.channel))) await wakeDelivery(rt.ctx, channel, { tx });
    return requeued.length;
  });
  return { settled: settledRows.length, resent };
}

/** Channels with messages due now: the sweep wakes them even if every wake-up job was lost. */
export async function channelsWithDueMessages(rt: DeliveryRuntime): Promise<ChannelName[]> {
  const rows = await rt.ctx.db.query<{ channel: ChannelName }>(
    `SELECT c.channel FROM (VALUES ('email'), ('sms'), ('webhook')) AS c(channel)
     WHERE EXISTS (SELECT 1 FROM comms_messages m WHERE m.channel = c.channel AND m.status = 'queued' AND m.next_attempt_at <= $1)`,
    [rt.ctx.clock.now()],
  );
  return rows.map((r) => r.channel);
}

import type { Db } from '../../platform/db/database.ts';

/**
 * Records an opt-out from a channel in customer_consents (the data hub's record of
 * consent), with when and from which message, and puts it on the customer's timeline.
 * Messages already queued on that channel are suppressed at once (and consent is checked
 * again at send time for any a worker already holds).
 */
export async function recordOptOut(tx: Db, customerId: number, channel: string, messageId: number | undefined, now: Date, via?: string): Promise<boolean> {
  const source = messageId ? `unsubscribe link in message ${messageId}` : via ? `unsubscribe link from the ${via}` : 'unsubscribe link';
  const rows = await tx.query(
    `INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source)
     SELECT id, $2, false, $3, $4 FROM customers WHERE id = $1
     ON CONFLICT (customer_id, channel) DO UPDATE SET granted = false, recorded_at = EXCLUDED.recorded_at, source = EXCLUDED.source
     RETURNING customer_id`,
    [customerId, channel, now, source],
  );
  if (!rows.length) return false;
  // Queued messages stop now, visibly (issue 18.5), not only when a worker claims them; service replies still go.
  await tx.query(
    `UPDATE comms_messages SET status = 'suppressed', status_reason = 'opted_out'
     WHERE customer_id = $1 AND channel = $2 AND status = 'queued' AND kind <> 'service'`, [customerId, channel]);
  await tx.query(
    `INSERT INTO interactions (customer_id, occurred_at, kind, channel, summary, ref_type, ref_id, details)
     VALUES ($1, $2, 'consent', $3, $4, 'comms_message', $5, $6)`,
    [customerId, now, channel, `Opted out of ${channel}`, messageId ? String(messageId) : null, JSON.stringify({ granted: false, source })],
  );
  return true;
}

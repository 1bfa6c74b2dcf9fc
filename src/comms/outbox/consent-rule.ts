import type { Db } from '../../platform/db/database.ts';
import type { CustomerChannel } from './enqueue.ts';

/**
 * What a customer message is, which decides the consent it needs (docs/decisions/017):
 * - safety: a notice about a danger (a class I recall). No consent needed; an opt-out on the
 *   channel stops it. Passes quiet hours and the daily cap.
 * - service: an answer to someone who wrote in (a reply to their complaint). No marketing
 *   consent needed and a marketing opt-out does not stop it — they asked us to answer; an
 *   address that bounced does. Waits for the end of quiet hours, passes the daily cap.
 * - marketing: everything else. Needs consent on the channel.
 */
export const MESSAGE_KINDS = ['safety', 'service', 'marketing'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * The CASE arms that name why a customer message may not go (NULL: it may), in SQL, so the
 * check when queuing, the check when sending and the question "can a reply reach them?"
 * are one rule. Each argument is an SQL expression in the caller's query.
 */
export function consentRuleSql(e: { kind: string; granted: string; address: string; customerId: string; channel: string }): string {
  return `WHEN ${e.granted} IS FALSE AND ${e.kind} <> 'service' THEN 'opted_out'
         WHEN ${e.granted} IS NULL AND ${e.kind} = 'marketing' THEN 'no_consent'
         WHEN ${e.address} IS NULL THEN 'no_address'
         WHEN ${e.kind} = 'service' AND EXISTS (SELECT 1 FROM comms_messages b WHERE b.status = 'bounced' AND b.customer_id = ${e.customerId}
                                                AND b.channel = ${e.channel} AND b.recipient = ${e.address}) THEN 'address_bounced'`;
}

export interface ServiceRoute {
  channel: CustomerChannel;
  /** The address on file for the channel, when there is one. */
  address: string | null;
  /** Why a service message cannot go on this channel; null when it can. */
  blocked: 'no_address' | 'address_bounced' | 'unknown_customer' | null;
}

/**
 * Where a service message to this customer can go, channel by channel in the order asked —
 * the same rule enqueueMessage applies, asked before anything is queued, so a person can be
 * told a reply will not reach the customer while they can still call or write instead.
 */
export async function serviceRoutes(db: Db, customerId: number, channels: readonly CustomerChannel[]): Promise<ServiceRoute[]> {
  const rows = await db.query<{ channel: CustomerChannel; address: string | null; why: ServiceRoute['blocked'] }>(
    `SELECT ch.channel, CASE ch.channel WHEN 'email' THEN c.email ELSE c.phone END AS address,
            CASE WHEN c.id IS NULL THEN 'unknown_customer'
            ${consentRuleSql({ kind: `'service'`, granted: 'cc.granted', address: `(CASE ch.channel WHEN 'email' THEN c.email ELSE c.phone END)`, customerId: 'c.id', channel: 'ch.channel' })}
            END AS why
     FROM unnest($2::text[]) WITH ORDINALITY AS ch(channel, n)
     LEFT JOIN customers c ON c.id = $1
     LEFT JOIN customer_consents cc ON cc.customer_id = c.id AND cc.channel = ch.channel
     ORDER BY ch.n`,
    [customerId, channels]);
  return rows.map((row) => ({ channel: row.channel, address: row.address, blocked: row.why }));
}

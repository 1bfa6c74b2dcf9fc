import type { Db } from '../../platform/db/database.ts';
import type { ChannelName } from '../channels/channel.ts';
import { consentRuleSql } from './consent-rule.ts';

export interface SendPolicy {
  quietHours?: { start: string; end: string };
  /** Messages per customer per local day; 0 for none. */
  dailyCap: number;
  leaseSeconds: number;
  /** Domain for Message-IDs, taken from the sender address. */
  messageIdDomain: string;
}

/** A claimed message with what it takes to render and send it. */
export interface ClaimedMessage {
  id: number;
  attempt_id: string;
  attempts: number;
  idempotency_key: string;
  channel: ChannelName;
  template_key: string | null;
  variables: Record<string, unknown>;
  event: string | null;
  campaign: string;
  reason: string;
  resource_type: string | null;
  resource_id: string | null;
  safety: boolean;
  message_id: string | null;
  customer_id: number | null;
  customer_name: string | null;
  customer_email: string | null;
  customer_phone: string | null;
  customer_language: string | null;
  /** A contact message (enqueue-contacts.ts): no customer, the name and language are the row's own. */
  is_contact: boolean;
  contact_name: string | null;
  contact_language: string | null;
  address: string | null;
  endpoint_secret: string | null;
}

export interface ClaimResult {
  claimed: ClaimedMessage[];
  suppressed: number;
  /** Messages put back to wait (quiet hours, daily cap), with when they fall due. */
  deferred: { id: number; next_attempt_at: Date }[];
}

/** $1 channel, $2 now, $3 limit, $4/$5 quiet hours start/end, $6 daily cap, $7 lease seconds, $8 Message-ID domain. */
export const CLAIM_SQL = `WITH candidates AS (
       SELECT m.id FROM comms_messages m
       WHERE m.channel = $1 AND m.status = 'queued' AND m.next_attempt_at <= $2
       ORDER BY m.priority DESC, m.next_attempt_at, m.id
       LIMIT $3 FOR UPDATE SKIP LOCKED
     ),
     facts AS (
       SELECT m.id, m.safety, m.kind, m.priority, m.customer_id, cu.id AS customer_exists, cc.granted, e.active AS endpoint_active,
              cu.name AS customer_name, cu.email AS customer_email, cu.phone AS customer_phone, cu.language AS customer_language,
              e.secret AS endpoint_secret,
              m.contact_address IS NOT NULL AS is_contact, m.contact_name, m.contact_language,
              coalesce(m.contact_address, CASE $1 WHEN 'email' THEN cu.email WHEN 'sms' THEN cu.phone ELSE e.url END) AS address,
              coalesce(tz.name, 'UTC') AS tz,
              $2::timestamptz AT TIME ZONE coalesce(tz.name, 'UTC') AS local_ts
       FROM candidates c
       JOIN comms_messages m ON m.id = c.id
       LEFT JOIN customers cu ON cu.id = m.customer_id
       LEFT JOIN customer_consents cc ON cc.customer_id = m.customer_id AND cc.channel = $1
       LEFT JOIN comms_time_zones tz ON tz.name = cu.time_zone
       LEFT JOIN comms_webhook_endpoints e ON e.id = m.endpoint_id
     ),
     ruled AS (
       SELECT f.*,
         CASE
           WHEN $1 = 'webhook' THEN CASE WHEN f.endpoint_active THEN NULL ELSE 'endpoint_inactive' END
           -- Contacts are written to on business, not on consent (enqueue-contacts.ts): nothing to suppress.
           WHEN f.is_contact THEN NULL
           WHEN f.customer_exists IS NULL THEN 'customer_deleted'
           ${consentRuleSql({ kind: 'f.kind', granted: 'f.granted', address: 'f.address', customerId: 'f.customer_id', channel: '$1::text' })}
         END AS suppress,
         $4::time IS NOT NULL AND $1 <> 'webhook' AND NOT f.safety AND NOT f.is_contact AND CASE
           WHEN $4::time < $5::time THEN f.local_ts::time >= $4::time AND f.local_ts::time < $5::time
           ELSE f.local_ts::time >= $4::time OR f.local_ts::time < $5::time
         END AS quiet
       FROM facts f
     ),
     capped AS (
       SELECT r.*,
         -- A reply someone waits for (service) is not held back a day by the cap on what we send unasked.
         $6::int > 0 AND $1 <> 'webhook' AND r.kind = 'marketing' AND NOT r.is_contact AND r.suppress IS NULL AND NOT r.quiet AND (
           (SELECT count(*) FROM comms_messages s
            WHERE s.customer_id = r.customer_id AND s.kind = 'marketing' AND s.sent_at >= (r.local_ts::date::timestamp AT TIME ZONE r.tz))
           + row_number() OVER (PARTITION BY r.customer_id, (r.suppress IS NULL AND NOT r.quiet AND r.kind = 'marketing') ORDER BY r.priority DESC, r.id)
         ) > $6::int AS over_cap
       FROM ruled r
     ),
     decided AS (
       SELECT c.*,
         CASE WHEN c.suppress IS NOT NULL THEN 'suppress' WHEN c.quiet THEN 'quiet' WHEN c.over_cap THEN 'cap' ELSE 'send' END AS decision,
         CASE
           WHEN c.quiet THEN ((c.local_ts::date + $5::time) + CASE WHEN c.local_ts::time >= $5::time THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE c.tz
           WHEN c.over_cap THEN (c.local_ts::date + 1)::timestamp AT TIME ZONE c.tz
         END AS wait_until
       FROM capped c
     )
     UPDATE comms_messages m SET
       status = CASE d.decision WHEN 'send' THEN 'sending' WHEN 'suppress' THEN 'suppressed' ELSE 'queued' END,
       status_reason = CASE d.decision WHEN 'suppress' THEN d.suppress WHEN 'quiet' THEN 'waits for the end of quiet hours'
                                       WHEN 'cap' THEN 'daily cap reached; waits for the next day' ELSE m.status_reason END,
       next_attempt_at = coalesce(d.wait_until, m.next_attempt_at),
       attempts = m.attempts + CASE d.decision WHEN 'send' THEN 1 ELSE 0 END,
       attempt_id = CASE d.decision WHEN 'send' THEN gen_random_uuid() ELSE m.attempt_id END,
       lease_until = CASE d.decision WHEN 'send' THEN $2::timestamptz + make_interval(secs => $7) END,
       message_id = CASE WHEN d.decision = 'send' AND $1 = 'email' AND m.message_id IS NULL
                         THEN '<' || m.id || '.' || md5(m.idempotency_key) || '@' || $8 || '>' ELSE m.message_id END,
       recipient = CASE d.decision WHEN 'send' THEN d.address ELSE m.recipient END
     FROM decided d
     WHERE m.id = d.id
     RETURNING m.id, m.attempt_id, m.attempts, m.idempotency_key, m.channel, m.template_key, m.variables, m.event, m.campaign, m.reason,
               m.resource_type, m.resource_id, m.safety, m.message_id, m.customer_id, m.next_attempt_at, d.decision, d.address,
               d.customer_name, d.customer_email, d.customer_phone, d.customer_language, d.endpoint_secret,
               d.is_contact, d.contact_name, d.contact_language`;

/**
 * Claims up to `limit` due messages of a channel for this worker, in one statement that
 * also applies the send-time rules to each: consent as it is *now* (an opt-out recorded
 * after queuing wins), quiet hours in the recipient's time zone, and the daily cap — all
 * of them customer rules, which contact messages (staff, business contacts) skip. Rows
 * other workers hold are skipped (SKIP LOCKED). A claimed row becomes 'sending' with a
 * fresh attempt id and a lease; the attempt is on record before anything leaves.
 */
export async function claimDueMessages(tx: Db, channel: ChannelName, limit: number, now: Date, policy: SendPolicy): Promise<ClaimResult> {
  const rows = await tx.query<ClaimedMessage & { decision: string; next_attempt_at: Date }>(
    CLAIM_SQL,
    [channel, now, limit, policy.quietHours?.start ?? null, policy.quietHours?.end ?? null, policy.dailyCap, policy.leaseSeconds, policy.messageIdDomain],
  );
  const result: ClaimResult = { claimed: [], suppressed: 0, deferred: [] };
  for (const row of rows) {
    if (row.decision === 'send') result.claimed.push(row);
    else if (row.decision === 'suppress') result.suppressed++;
    else result.deferred.push({ id: row.id, next_attempt_at: row.next_attempt_at });
  }
  return result;
}

import { AFFECTED_LINES_CTE } from '../affected.sql.ts';

export type ReachChannel = 'email' | 'sms';
/** Under which rule a consumer is written to: they said yes, or a class I safety notice reaches them unasked. */
export type ReachRule = 'consent' | 'safety_notice';
/** Why a consumer cannot be told personally. */
export type UnreachableReason = 'opted_out' | 'no_consent' | 'no_address';

/**
 * THE decision of who among a recall's identified consumers is told, on which channel and
 * under which rule — read by the impact preview and by the notify step alike, so that what
 * the preview counts is what activation puts in the outbox (issue 11: the preview once
 * ignored the class I rule and promised 6 e-mails where 8 went out).
 *
 * One channel per consumer: e-mail where they have an address and may be written to, else
 * SMS likewise. "May" is consent granted; for a class I recall (a safety notice, R13) also
 * no answer at all — they were never asked — but never an opt-out. The outbox applies the
 * same rule again when writing and sending (comms enqueue.ts, claim.sql.ts).
 *
 * Expects a CTE `reach_consumers(customer_id)` before it; `$1` is the recall id.
 */
export const CONSUMER_REACH_CTE = `reach_facts AS (
  SELECT rc.customer_id, cu.email IS NOT NULL AS has_email, cu.phone IS NOT NULL AS has_phone,
         ce.granted AS email_granted, cs.granted AS sms_granted, r.classification = 'I' AS safety
  FROM reach_consumers rc
  JOIN customers cu ON cu.id = rc.customer_id
  CROSS JOIN (SELECT classification FROM recalls WHERE id = $1) r
  LEFT JOIN customer_consents ce ON ce.customer_id = rc.customer_id AND ce.channel = 'email'
  LEFT JOIN customer_consents cs ON cs.customer_id = rc.customer_id AND cs.channel = 'sms'
),
reach_ways AS (
  SELECT f.*,
         f.has_email AND coalesce(f.email_granted, f.safety) AS by_email,
         f.has_phone AND coalesce(f.sms_granted, f.safety) AS by_sms
  FROM reach_facts f
),
consumer_reach AS (
  SELECT customer_id,
         CASE WHEN by_email THEN 'email' WHEN by_sms THEN 'sms' END AS channel,
         CASE WHEN by_email THEN CASE WHEN email_granted THEN 'consent' ELSE 'safety_notice' END
              WHEN by_sms THEN CASE WHEN sms_granted THEN 'consent' ELSE 'safety_notice' END END AS rule,
         CASE WHEN by_email OR by_sms THEN NULL
              WHEN NOT has_email AND NOT has_phone THEN 'no_address'
              WHEN (NOT has_email OR email_granted IS FALSE) AND (NOT has_phone OR sms_granted IS FALSE) THEN 'opted_out'
              ELSE 'no_consent' END AS unreachable_reason
  FROM reach_ways
)`;

/** Reach of the consumers the recall would find now (the preview of a draft). */
export const REACH_OF_AFFECTED_LINES = `WITH ${AFFECTED_LINES_CTE},
  reach_consumers AS (SELECT DISTINCT customer_id FROM affected_lines WHERE customer_id IS NOT NULL),
  ${CONSUMER_REACH_CTE}`;

/** Reach of the population the activated recall took (recall_affected_consumers), which the notify step writes to. */
export const REACH_OF_TAKEN_CONSUMERS = `WITH reach_consumers AS (SELECT DISTINCT customer_id FROM recall_affected_consumers WHERE recall_id = $1),
  ${CONSUMER_REACH_CTE}`;

export interface ReachSummary {
  email: number;
  sms: number;
  unreachable: number;
  /** Of those reached, how many only because a class I notice needs no prior consent. */
  safety_notice: number;
  unreachable_by_reason: Record<UnreachableReason, number>;
}

/** Counts of one reach decision, from rows of `consumer_reach` (or grouped counts of them). */
export function summariseReach(rows: readonly { channel: string | null; rule: string | null; unreachable_reason: string | null; consumers?: number }[]): ReachSummary {
  const summary: ReachSummary = { email: 0, sms: 0, unreachable: 0, safety_notice: 0, unreachable_by_reason: { opted_out: 0, no_consent: 0, no_address: 0 } };
  for (const row of rows) {
    const n = Number(row.consumers ?? 1);
    if (row.channel === 'email' || row.channel === 'sms') summary[row.channel] += n;
    else {
      summary.unreachable += n;
      summary.unreachable_by_reason[(row.unreachable_reason ?? 'no_consent') as UnreachableReason] += n;
    }
    if (row.rule === 'safety_notice') summary.safety_notice += n;
  }
  return summary;
}

import type { Db } from '../../platform/db/database.ts';
import type { SendOutcome } from '../channels/channel.ts';

export interface AttemptOutcome {
  id: number;
  attemptId: string;
  outcome: SendOutcome;
  language?: string;
  summary?: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseSeconds: number;
}

const MAX_BACKOFF_SECONDS = 6 * 3600;

/**
 * Records what the providers answered, set-based: accepted messages become 'sent' and get
 * a row on the customer's timeline in the same statement; transient failures wait with
 * exponential backoff (and jitter, so a provider outage does not end in a stampede);
 * permanent ones become dead letters. Only the attempt that claimed a row may settle it:
 * a worker that lost its lease cannot overwrite a newer attempt (a new claim changes the
 * attempt id).
 * Returns the earliest retry time, for the wake-up job.
 */
export async function recordOutcomes(tx: Db, outcomes: readonly AttemptOutcome[], now: Date, retry: RetryPolicy): Promise<Date | undefined> {
  const accepted = outcomes.filter((o) => o.outcome.kind === 'accepted');
  const failed = outcomes.filter((o) => o.outcome.kind !== 'accepted');
  if (accepted.length) {
    await tx.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt_id uuid, provider_id text, language text, summary text)
       ),
       done AS (
         UPDATE comms_messages m SET
           -- 'queued': the sweep took the row back after its lease ran out, but this attempt
           -- did get through; recording that now prevents a needless second send.
           status = CASE WHEN m.status IN ('sending', 'queued') THEN 'sent' ELSE m.status END,
           sent_at = $2, provider_id = coalesce(i.provider_id, m.provider_id), language = i.language, lease_until = NULL, status_reason = NULL
         FROM input i
         WHERE m.id = i.id AND m.attempt_id = i.attempt_id AND m.sent_at IS NULL
         RETURNING m.id, m.customer_id, m.channel, m.campaign, m.reason, m.template_key, m.resource_type, m.resource_id, m.safety, i.summary
       )
       INSERT INTO interactions (customer_id, occurred_at, kind, channel, summary, ref_type, ref_id, details)
       SELECT customer_id, $2, 'message', channel, coalesce(summary, channel || ' message'), 'comms_message', id::text,
              jsonb_build_object('campaign', campaign, 'reason', reason, 'template', template_key, 'safety', safety,
                                 'resource_type', resource_type, 'resource_id', resource_id)
       FROM done WHERE customer_id IS NOT NULL`,
      [
        JSON.stringify(accepted.map((o) => ({
          id: o.id,
          attempt_id: o.attemptId,
          provider_id: o.outcome.kind === 'accepted' ? (o.outcome.providerId ?? null) : null,
          language: o.language ?? null,
          summary: o.summary ?? null,
        }))),
        now,
      ],
    );
  }
  if (!failed.length) return undefined;
  const rows = await tx.query<{ status: string; next_attempt_at: Date }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt_id uuid, permanent boolean, bounced boolean, error text)
     )
     UPDATE comms_messages m SET
       status = CASE WHEN i.permanent AND i.bounced THEN 'bounced' WHEN i.permanent OR m.attempts >= $3 THEN 'failed' ELSE 'queued' END,
       failed_at = CASE WHEN i.permanent OR m.attempts >= $3 THEN $2::timestamptz END,
       next_attempt_at = CASE WHEN i.permanent OR m.attempts >= $3 THEN m.next_attempt_at
                              ELSE $2::timestamptz + make_interval(secs => least($4::float8 * power(2, m.attempts - 1), $5) * (0.8 + random() * 0.4)) END,
       status_reason = CASE WHEN i.permanent THEN i.error
                            WHEN m.attempts >= $3 THEN 'gave up after ' || m.attempts || ' attempts: ' || i.error
                            ELSE 'attempt ' || m.attempts || ' failed: ' || i.error END,
       lease_until = NULL
     FROM input i
     WHERE m.id = i.id AND m.attempt_id = i.attempt_id AND m.status = 'sending'
     RETURNING m.status, m.next_attempt_at`,
    [
      JSON.stringify(failed.map((o) => ({
        id: o.id,
        attempt_id: o.attemptId,
        permanent: o.outcome.kind === 'permanent',
        bounced: o.outcome.kind === 'permanent' && !!o.outcome.bounced,
        error: o.outcome.kind === 'accepted' ? '' : o.outcome.error,
      }))),
      now,
      retry.maxAttempts,
      retry.baseSeconds,
      MAX_BACKOFF_SECONDS,
    ],
  );
  const retries = rows.filter((r) => r.status === 'queued').map((r) => r.next_attempt_at.getTime());
  return retries.length ? new Date(Math.min(...retries)) : undefined;
}

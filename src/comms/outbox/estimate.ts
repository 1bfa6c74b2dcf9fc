import type { Db } from '../../platform/db/database.ts';
import type { Config } from '../../platform/config/config.ts';
import type { ChannelName } from '../channels/channel.ts';

export interface SendEstimate {
  channel: ChannelName;
  messages: number;
  /** Messages already waiting on the channel, sent first. */
  queuedAhead: number;
  ratePerSecond: number;
  /** Where the rate comes from: the configured limit, or what this installation sent lately. */
  rateBasis: 'configured limit' | 'measured over the last 10 minutes' | 'assumed (nothing sent yet)';
  estimatedSeconds: number;
  estimatedCompletionAt: Date;
}

// Without a configured limit and without history, a conservative guess for one worker.
const ASSUMED_EMAIL_RATE = 200;

/**
 * The expected completion time of a mass send before it starts (P5): the channel's rate
 * is its configured provider limit, or — when unlimited — the rate this installation
 * actually achieved in the last 10 minutes; the backlog already queued goes first.
 */
export async function estimateSend(db: Db, config: Config, channel: ChannelName, messages: number, now: Date): Promise<SendEstimate> {
  const [stats] = await db.query<{ queued: number; recent: number; span_seconds: number | null }>(
    `SELECT (SELECT count(*) FROM comms_messages WHERE channel = $1 AND status IN ('queued', 'sending')) AS queued,
            count(*) AS recent,
            extract(epoch FROM max(sent_at) - min(sent_at))::float8 AS span_seconds
     FROM comms_messages WHERE channel = $1 AND sent_at > $2::timestamptz - interval '10 minutes'`,
    [channel, now],
  );
  const senders = config.SMS_SENDERS.split(',').filter((s) => s.trim()).length || 1;
  const configured = { email: config.COMMS_EMAIL_RATE_PER_SECOND, sms: config.COMMS_SMS_RATE_PER_SECOND * senders, webhook: config.COMMS_WEBHOOK_RATE_PER_SECOND }[channel];
  let ratePerSecond: number;
  let rateBasis: SendEstimate['rateBasis'];
  if (configured > 0) {
    ratePerSecond = configured;
    rateBasis = 'configured limit';
  } else if (stats && stats.recent >= 100 && stats.span_seconds && stats.span_seconds > 1) {
    ratePerSecond = Math.round(stats.recent / stats.span_seconds);
    rateBasis = 'measured over the last 10 minutes';
  } else {
    ratePerSecond = ASSUMED_EMAIL_RATE;
    rateBasis = 'assumed (nothing sent yet)';
  }
  const queuedAhead = stats?.queued ?? 0;
  const estimatedSeconds = Math.ceil((queuedAhead + messages) / ratePerSecond);
  return { channel, messages, queuedAhead, ratePerSecond, rateBasis, estimatedSeconds, estimatedCompletionAt: new Date(now.getTime() + estimatedSeconds * 1000) };
}

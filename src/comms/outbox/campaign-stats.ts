import type { Db } from '../../platform/db/database.ts';

export interface CampaignStats {
  channel: string;
  queued: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  failed: number;
  suppressed: number;
  /** When the last message of the channel left (null while any is still waiting). */
  all_sent_at: Date | null;
}

/**
 * Delivery figures of one campaign per channel, for dashboards of the modules that send
 * (a recall's reach and response). Counts are cumulative: an opened message was also sent.
 */
export async function campaignStats(db: Db, campaign: string): Promise<CampaignStats[]> {
  return db.query<CampaignStats>(
    `SELECT channel,
            count(*) FILTER (WHERE status IN ('queued', 'sending'))::bigint AS queued,
            count(sent_at)::bigint AS sent,
            count(delivered_at)::bigint AS delivered,
            count(opened_at)::bigint AS opened,
            count(clicked_at)::bigint AS clicked,
            count(*) FILTER (WHERE status IN ('failed', 'bounced'))::bigint AS failed,
            count(*) FILTER (WHERE status = 'suppressed')::bigint AS suppressed,
            CASE WHEN count(*) FILTER (WHERE status IN ('queued', 'sending')) = 0 THEN max(sent_at) END AS all_sent_at
     FROM comms_messages WHERE campaign = $1 GROUP BY channel ORDER BY channel`,
    [campaign],
  );
}

/** When each customer's message of a campaign was sent: for "reached within 24 hours". */
export async function campaignSendTimes(db: Db, campaign: string): Promise<{ customer_id: number; sent_at: Date | null; opened_at: Date | null; clicked_at: Date | null }[]> {
  return db.query(
    `SELECT customer_id, min(sent_at) AS sent_at, min(opened_at) AS opened_at, min(clicked_at) AS clicked_at
     FROM comms_messages WHERE campaign = $1 AND customer_id IS NOT NULL GROUP BY customer_id`,
    [campaign],
  );
}

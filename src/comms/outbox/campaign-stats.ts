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

export interface ResourceMessageCount {
  reason: string;
  channel: string;
  /** Who got them: customers, contacts (staff, a chain's mailbox) or webhook endpoints. */
  audience: 'customer' | 'contact' | 'endpoint';
  /** Messages written for them, not counting those consent or an opt-out stopped. */
  messages: number;
}

/** What was sent about a record (a recall), per reason, channel and audience: for "how were people notified". */
export async function messageCountsAbout(db: Db, resource: { type: string; id: number | string }): Promise<ResourceMessageCount[]> {
  return db.query<ResourceMessageCount>(
    `SELECT reason, channel,
            CASE WHEN endpoint_id IS NOT NULL THEN 'endpoint' WHEN contact_address IS NOT NULL THEN 'contact' ELSE 'customer' END AS audience,
            count(*)::bigint AS messages
     FROM comms_messages WHERE resource_type = $1 AND resource_id = $2 AND status <> 'suppressed'
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [resource.type, String(resource.id)],
  );
}

import type { Db } from '../../platform/db/database.ts';

export type PartnerChannel = 'email' | 'webhook';

/** Whether a partner the recall concerns will be told, how, and if not, why. */
export interface PartnerReach {
  partner: string;
  /** What a person recognises: the chain's name, or the distributor's location name. */
  label: string;
  locations: number;
  contact_email: string | null;
  channels: PartnerChannel[];
  reached: boolean;
  /** no_contact: neither an e-mail nor a webhook endpoint; endpoint_inactive: only a switched-off endpoint. */
  reason: 'no_contact' | 'endpoint_inactive' | null;
}

/**
 * THE decision of which partners are told and how, read by the impact preview and the
 * partner step alike (issue 11: the chain that sold 15 of 16 units had no contact and only
 * a process variable said so). A partner is told by e-mail when it has a contact address
 * and by signed webhook when its endpoint is active; with neither it is unreached.
 */
export async function partnerReach(db: Db, partners: readonly { partner: string; locations: readonly { external_id: string; name: string }[] }[]): Promise<PartnerReach[]> {
  const contacts = new Map((await db.query<{ partner: string; contact_email: string | null; webhook_endpoint_id: number | null; endpoint_active: boolean | null }>(
    `SELECT p.partner, p.contact_email, p.webhook_endpoint_id, e.active AS endpoint_active
     FROM recall_partners p LEFT JOIN comms_webhook_endpoints e ON e.id = p.webhook_endpoint_id
     WHERE p.partner = ANY ($1::text[])`, [partners.map((p) => p.partner)])).map((c) => [c.partner, c]));
  return partners.map((p) => {
    const contact = contacts.get(p.partner);
    const channels: PartnerChannel[] = [];
    if (contact?.contact_email) channels.push('email');
    if (contact?.webhook_endpoint_id && contact.endpoint_active) channels.push('webhook');
    const own = p.locations.length === 1 && p.locations[0]!.external_id === p.partner ? p.locations[0]!.name : p.partner;
    return {
      partner: p.partner,
      label: own,
      locations: p.locations.length,
      contact_email: contact?.contact_email ?? null,
      channels,
      reached: channels.length > 0,
      reason: channels.length ? null : contact?.webhook_endpoint_id ? 'endpoint_inactive' : 'no_contact',
    };
  });
}

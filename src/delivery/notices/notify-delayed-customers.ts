import type { CustomerChannel } from '../../comms/index.ts';
import { enqueueAboutShipments, type ShipmentRecipient } from './notice-outcomes.ts';
import { DELAY_CUSTOMER_JOINS, DELAY_MESSAGE_CHANNEL } from './delayed-customer.sql.ts';
import { isLanguage, type Language } from '../../comms/templates/languages.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { DeliveryStatus } from '../events/carrier-update.ts';
import { DELAY_NOTICE, dayIn, NO_ESTIMATE, STATUS_WORDS } from './delay-notice-templates.ts';
import { sendDeliveredApologies } from './send-delivered-apologies.ts';
import { trackerUrl } from './tracker-link.ts';

/** An update waits this long after the last notice: changes meanwhile fold into one message. */
export const NOTICE_DEBOUNCE_HOURS = 12;

export interface NoticeSummary {
  considered: number;
  queued: number;
  /** Refused by the outbox's consent rule (opted out, bounced address). */
  suppressed: number;
  /** No e-mail address or phone the customer lets us use: shown on the delay (`notice_channel` 'none'). */
  unreachable: number;
  /** Final messages on delivery (apology and CSAT survey) queued now, to customers told of the delay. */
  apologies: number;
}

interface DueNotice {
  shipment_id: number;
  notices: number;
  customer_id: number;
  language: string;
  channel: CustomerChannel | null;
  order: string;
  carrier: string;
  tracking_number: string | null;
  status: DeliveryStatus | 'not_scanned';
  promised_on: string | null;
  estimated_delivery_on: string | null;
}

/**
 * One personal notice per late order: the customer's own order, where it is and the new
 * estimate, in their language, on e-mail if they let us use it, else SMS. A service
 * message about their own order (decision 017): it needs no marketing consent and reaches
 * nobody who opted out of the channel. An order already delivered — or cancelled — is never
 * told it is late. After the first notice, an update goes only when the status or the
 * estimate changed and NOTICE_DEBOUNCE_HOURS have passed. Each notice carries the order's
 * signed tracker link; once delivered, those who were told get the apology and the survey. Runs in the caller's transaction
 * with detection, so each notice exists exactly when the delay it reports does.
 */
export async function notifyDelayedCustomers(tx: Db, ctx: AppContext, shipmentIds?: readonly number[]): Promise<NoticeSummary> {
  return (await notify(tx, ctx, shipmentIds, false)).summary;
}

/**
 * The same, with what became of each shipment's notice and apology: a batch of webhooks
 * (events/update-batcher.ts) answers each sender for the notices its own update caused.
 */
export async function notifyDelayedCustomersEach(tx: Db, ctx: AppContext, shipmentIds: readonly number[]): Promise<{ summary: NoticeSummary; byShipment: Map<number, NoticeSummary> }> {
  return notify(tx, ctx, shipmentIds, true);
}

const noNotices = (): NoticeSummary => ({ considered: 0, queued: 0, suppressed: 0, unreachable: 0, apologies: 0 });

async function notify(tx: Db, ctx: AppContext, shipmentIds: readonly number[] | undefined, each: boolean): Promise<{ summary: NoticeSummary; byShipment: Map<number, NoticeSummary> }> {
  const now = ctx.clock.now();
  const due = await tx.query<DueNotice>(
    `SELECT d.shipment_id, d.notices, c.id AS customer_id, c.language, o.external_id AS "order", s.carrier, s.tracking_number,
            CASE WHEN s.delivery_status IS NULL AND s.shipped_at IS NOT NULL THEN 'not_scanned' ELSE coalesce(s.delivery_status, 'pre_transit') END AS status,
            s.promised_on::text AS promised_on, s.estimated_delivery_on::text AS estimated_delivery_on,
            ${DELAY_MESSAGE_CHANNEL} AS channel
     ${DELAY_CUSTOMER_JOINS}
     WHERE d.resolved_at IS NULL AND s.delivered_at IS NULL AND s.status <> 'delivered' AND coalesce(s.delivery_status, '') NOT IN ('delivered', 'cancelled')
       AND ($2::bigint[] IS NULL OR d.shipment_id = ANY($2::bigint[]))
       AND (d.notified_at IS NULL OR (d.notified_at <= $1::timestamptz - make_interval(hours => $3)
            AND (d.notified_status IS DISTINCT FROM CASE WHEN s.delivery_status IS NULL AND s.shipped_at IS NOT NULL THEN 'not_scanned' ELSE coalesce(s.delivery_status, 'pre_transit') END
                 OR d.notified_estimate IS DISTINCT FROM s.estimated_delivery_on)))
     ORDER BY c.id, d.shipment_id`,
    [now, shipmentIds ? [...shipmentIds] : null, NOTICE_DEBOUNCE_HOURS]);
  // Delivered orders first: their apology goes in the same transaction that saw the delivery.
  const apologies = await sendDeliveredApologies(tx, ctx, shipmentIds, each);
  const summary: NoticeSummary = { considered: due.length, queued: 0, suppressed: 0, unreachable: 0, apologies: apologies.queued };
  const byShipment = new Map<number, NoticeSummary>();
  const of = (shipmentId: number): NoticeSummary => {
    let counts = byShipment.get(shipmentId);
    if (!counts) byShipment.set(shipmentId, (counts = noNotices()));
    return counts;
  };
  for (const shipmentId of apologies.queuedFor) of(shipmentId).apologies++;
  if (!due.length) return { summary, byShipment };

  // The outbox keys a message by (channel, customer, campaign): a customer with two late
  // orders gets each in its own round of this run, so neither is taken for a duplicate.
  const rounds = new Map<string, { channel: CustomerChannel; round: number; recipients: ShipmentRecipient[] }>();
  let previousCustomer = -1;
  let round = 0;
  for (const notice of due) {
    round = notice.customer_id === previousCustomer ? round + 1 : 0;
    previousCustomer = notice.customer_id;
    if (each) of(Number(notice.shipment_id)).considered++;
    if (!notice.channel) {
      summary.unreachable++;
      if (each) of(Number(notice.shipment_id)).unreachable++;
      continue;
    }
    const language: Language = isLanguage(notice.language) ? notice.language : 'en';
    const key = `${notice.channel}:${round}`;
    if (!rounds.has(key)) rounds.set(key, { channel: notice.channel, round, recipients: [] });
    rounds.get(key)!.recipients.push({
      customerId: notice.customer_id,
      shipmentId: Number(notice.shipment_id),
      variables: {
        order: notice.order,
        carrier: notice.carrier,
        tracking_code: notice.tracking_number ?? '—',
        status: STATUS_WORDS[language][notice.status] ?? notice.status,
        promised: notice.promised_on ? dayIn(language, notice.promised_on) : '—',
        estimate: notice.estimated_delivery_on ? dayIn(language, notice.estimated_delivery_on) : NO_ESTIMATE[language],
        tracker_url: trackerUrl(ctx, Number(notice.shipment_id)),
      },
    });
  }
  for (const { channel, round: n, recipients } of rounds.values()) {
    const sent = await enqueueAboutShipments(tx, ctx, {
      templateKey: DELAY_NOTICE,
      channels: channel,
      campaign: `delivery-delay:${now.toISOString()}:${n}`,
      reason: 'delivery.delay_notice',
      kind: 'service',
      priority: 60,
    }, recipients, each);
    summary.queued += sent.queued;
    summary.suppressed += sent.suppressed;
    for (const o of sent.outcomes) of(o.shipmentId)[o.status]++;
  }
  await tx.query(
    `UPDATE delivery_delays d SET notices = d.notices + CASE WHEN u.channel IS NULL THEN 0 ELSE 1 END,
       notified_status = u.status, notified_estimate = u.estimate, notified_at = $4, notice_channel = coalesce(u.channel, 'none')
     FROM unnest($1::bigint[], $2::text[], $3::date[], $5::text[]) AS u(shipment_id, status, estimate, channel)
     WHERE d.shipment_id = u.shipment_id`,
    [due.map((d) => d.shipment_id), due.map((d) => d.status), due.map((d) => d.estimated_delivery_on), now, due.map((d) => d.channel)]);
  return { summary, byShipment };
}

import { enqueueMessages, type CustomerChannel } from '../../comms/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { publicUrl } from '../../platform/config/config.ts';
import { AFFECTED_LINES_CTE } from '../affected.sql.ts';
import { RECALL_NOTICE } from './notice-templates.ts';
import { asNoticeLanguage, offerText, purchasedText } from './notice-variables.ts';

interface ConsumerNotice {
  customer_id: number;
  products: string;
  last_at: Date;
  last_store: string | null;
  language: string;
  time_zone: string;
  email: string | null;
  phone: string | null;
  email_consent: boolean | null;
  sms_consent: boolean | null;
  offers: { offer_type: string; value_minor: number; currency: string; voucher_code: string | null; voucher_expires_at: string | null }[];
}

const NOTICE_SQL = `WITH ${AFFECTED_LINES_CTE},
  bought AS (
    SELECT al.customer_id, string_agg(DISTINCT p.name, ', ') AS products,
           (array_agg(al.ordered_at ORDER BY al.ordered_at DESC))[1] AS last_at,
           (array_agg(loc.name ORDER BY al.ordered_at DESC))[1] AS last_store
    FROM affected_lines al JOIN products p ON p.id = al.product_id LEFT JOIN locations loc ON loc.id = al.location_id
    WHERE al.customer_id IS NOT NULL GROUP BY al.customer_id),
  offers AS (
    SELECT o.customer_id, jsonb_agg(jsonb_build_object('offer_type', o.offer_type, 'value_minor', o.value_minor, 'currency', o.currency,
             'voucher_code', v.code, 'voucher_expires_at', v.expires_at) ORDER BY o.currency) AS offers
    FROM recall_offers o LEFT JOIN vouchers v ON v.id = o.voucher_id WHERE o.recall_id = $1 GROUP BY o.customer_id)
  SELECT b.customer_id, b.products, b.last_at, b.last_store, cu.language, cu.time_zone, cu.email, cu.phone,
         ce.granted AS email_consent, cs.granted AS sms_consent, coalesce(o.offers, '[]'::jsonb) AS offers
  FROM bought b JOIN customers cu ON cu.id = b.customer_id
  LEFT JOIN customer_consents ce ON ce.customer_id = b.customer_id AND ce.channel = 'email'
  LEFT JOIN customer_consents cs ON cs.customer_id = b.customer_id AND cs.channel = 'sms'
  LEFT JOIN offers o ON o.customer_id = b.customer_id`;

/**
 * One personal notice per identified consumer (R7): their product, where and when they
 * bought it, what to do and their offer, in their language, on one channel — e-mail where
 * they can be e-mailed, else SMS. A class I recall is a safety notice: it reaches people who
 * were never asked for marketing consent, but never someone who opted out (R13, Art. 35).
 * The outbox's idempotency key (channel, customer, campaign) makes a retry send nothing twice.
 */
export async function notifyConsumers(tx: Db, ctx: AppContext, recallId: number) {
  const [recall] = await tx.query<{ reference: string; reason: string; classification: string; instructions: Record<string, string> }>(
    'SELECT reference, reason, classification, instructions FROM recalls WHERE id = $1',
    [recallId],
  );
  const safety = recall!.classification === 'I';
  const reachable = (consent: boolean | null) => consent === true || (safety && consent === null);
  const consumers = await tx.query<ConsumerNotice>(NOTICE_SQL, [recallId]);
  const base = publicUrl(ctx.config);
  const byChannel: Record<CustomerChannel, { customerId: number; variables: Record<string, unknown> }[]> = { email: [], sms: [] };
  for (const consumer of consumers) {
    const language = asNoticeLanguage(consumer.language);
    const channel: CustomerChannel | null = consumer.email && reachable(consumer.email_consent) ? 'email' : consumer.phone && reachable(consumer.sms_consent) ? 'sms' : null;
    if (!channel) continue;
    byChannel[channel].push({
      customerId: consumer.customer_id,
      variables: {
        reference: recall!.reference,
        product: consumer.products,
        purchased: purchasedText(language, consumer.last_at, consumer.last_store, consumer.time_zone),
        reason: recall!.reason,
        instructions: recall!.instructions[language] ?? recall!.instructions.en ?? '',
        offer: consumer.offers
          .map((o) => offerText(language, { ...o, voucher_expires_at: o.voucher_expires_at ? new Date(o.voucher_expires_at) : null }, consumer.time_zone))
          .join('; '),
        landing_url: `${base}/p/recall/${encodeURIComponent(recall!.reference)}?lang=${language}`,
      },
    });
  }
  const summary = { consumers: consumers.length, queued: 0, suppressed: 0, duplicate: 0, unreachable: consumers.length - byChannel.email.length - byChannel.sms.length };
  for (const channel of ['email', 'sms'] as const) {
    if (!byChannel[channel].length) continue;
    const sent = await enqueueMessages(tx, ctx, {
      recipients: byChannel[channel],
      templateKey: RECALL_NOTICE,
      channels: channel,
      campaign: `recall:${recall!.reference}`,
      reason: 'recall.notice',
      resource: { type: 'recall', id: recallId },
      safety,
      priority: safety ? 100 : 50,
    });
    summary.queued += sent.queued;
    summary.suppressed += sent.suppressed;
    summary.duplicate += sent.duplicate;
  }
  return summary;
}

import { textIn } from '../recall-definition.ts';
import { enqueueMessages, type CustomerChannel } from '../../comms/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { publicUrl } from '../../platform/config/config.ts';
import { noticeProof } from '../claims/claim-proof.ts';
import { takeAffectedConsumers } from './affected-consumers.sql.ts';
import { REACH_OF_TAKEN_CONSUMERS, type ReachChannel } from './consumer-reach.sql.ts';
import { RECALL_NOTICE } from './notice-templates.ts';
import { asNoticeLanguage, lotsText, offerSentence, offerText, purchasedText, type BoughtLot } from './notice-variables.ts';

/** One row per affected consumer and currency, with the offer decided for that currency. */
interface ConsumerNoticeRow {
  customer_id: number;
  products: string;
  lots: BoughtLot[];
  last_at: Date;
  last_store: string | null;
  language: string;
  time_zone: string;
  /** The shared reach decision (consumer-reach.sql.ts): null when they cannot be told. */
  channel: ReachChannel | null;
  offer_type: string | null;
  value_minor: number | null;
  currency: string;
  voucher_code: string | null;
  voucher_expires_at: Date | null;
}

// The population the offer step took (affected-consumers.sql.ts), not another trace of the
// purchase lines, with the channel the impact preview counted for each; ordered so that a
// consumer's currencies are adjacent.
const NOTICE_SQL = `${REACH_OF_TAKEN_CONSUMERS}
  SELECT a.customer_id, a.products, a.lots, a.last_at, a.last_store, cu.language, cu.time_zone, r.channel,
         o.offer_type, o.value_minor, a.currency, v.code AS voucher_code, v.expires_at AS voucher_expires_at
  FROM recall_affected_consumers a JOIN customers cu ON cu.id = a.customer_id
  JOIN consumer_reach r ON r.customer_id = a.customer_id
  LEFT JOIN recall_offers o ON o.recall_id = a.recall_id AND o.customer_id = a.customer_id AND o.currency = a.currency
  LEFT JOIN vouchers v ON v.id = o.voucher_id
  WHERE a.recall_id = $1
  ORDER BY a.customer_id, a.currency`;

/** Recipients per enqueue call: each is one INSERT … SELECT of this many rows. */
const CHUNK = 10_000;

/**
 * One personal notice per identified consumer (R7): their product, where and when they
 * bought it, what to do and their offer, in their language, on one channel — e-mail where
 * they can be e-mailed, else SMS. A class I recall is a safety notice: it reaches people who
 * were never asked for marketing consent, but never someone who opted out (R13, Art. 35).
 * Who gets which channel is decided in consumer-reach.sql.ts, which the impact preview reads too.
 * The outbox's idempotency key (channel, customer, campaign) makes a retry send nothing twice.
 */
export async function notifyConsumers(tx: Db, ctx: AppContext, recallId: number) {
  // The brand the notice speaks for (its sender and letterhead): the products' one brand, if they share one.
  const [recall] = await tx.query<{ reference: string; reason: string; reason_translations: Record<string, string>; classification: string; instructions: Record<string, string>; brand: string | null }>(
    `SELECT reference, reason, reason_translations, classification, instructions,
            (SELECT CASE WHEN count(DISTINCT p.brand) = 1 AND count(*) = count(p.brand) THEN min(p.brand) END
             FROM recall_criteria c JOIN products p ON p.id = c.product_id WHERE c.recall_id = recalls.id) AS brand
     FROM recalls WHERE id = $1`,
    [recallId],
  );
  const safety = recall!.classification === 'I';
  await takeAffectedConsumers(tx, ctx.clock, recallId);
  const rows = await tx.query<ConsumerNoticeRow>(NOTICE_SQL, [recallId]);
  const base = publicUrl(ctx.config);
  const summary = { consumers: 0, queued: 0, suppressed: 0, duplicate: 0, unreachable: 0 };
  const byChannel: Record<CustomerChannel, { customerId: number; variables: Record<string, unknown> }[]> = { email: [], sms: [] };
  const flush = async (channel: CustomerChannel) => {
    const recipients = byChannel[channel];
    if (!recipients.length) return;
    byChannel[channel] = [];
    const sent = await enqueueMessages(tx, ctx, {
      recipients,
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
  };
  for (let i = 0; i < rows.length; ) {
    const consumer = rows[i]!;
    const offers: ConsumerNoticeRow[] = [];
    for (; i < rows.length && rows[i]!.customer_id === consumer.customer_id; i++) if (rows[i]!.offer_type) offers.push(rows[i]!);
    summary.consumers++;
    const language = asNoticeLanguage(consumer.language);
    const channel: CustomerChannel | null = consumer.channel;
    if (!channel) {
      summary.unreachable++;
      continue;
    }
    byChannel[channel].push({
      customerId: consumer.customer_id,
      variables: {
        reference: recall!.reference,
        product: consumer.products,
        lots: lotsText(language, consumer.lots),
        purchased: purchasedText(language, consumer.last_at, consumer.last_store, consumer.time_zone),
        reason: textIn(language, recall!.reason, recall!.reason_translations),
        instructions: recall!.instructions[language] ?? recall!.instructions.en ?? '',
        offer: offerSentence(language, offers.map((o) =>
          offerText(language, { offer_type: o.offer_type!, value_minor: o.value_minor!, currency: o.currency, voucher_code: o.voucher_code, voucher_expires_at: o.voucher_expires_at }, consumer.time_zone))),
        // The link carries the proof that its reader is this customer (decision 020): with it
        // the recall page lets them collect their offer; the page without it is anyone's.
        landing_url: `${base}/p/recall/${encodeURIComponent(recall!.reference)}?lang=${language}&t=${noticeProof(ctx, recall!.reference, consumer.customer_id)}`,
        ...(recall!.brand ? { sender_brand: recall!.brand } : {}),
      },
    });
    if (byChannel[channel].length >= CHUNK) await flush(channel);
  }
  await flush('email');
  await flush('sms');
  return summary;
}

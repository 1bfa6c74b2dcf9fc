import { enqueueMessages, type BulkMessageRequest } from '../../comms/index.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';

/** The outbox tells each recipient's outcome only for requests up to this many recipients (comms/outbox/enqueue.ts). */
const OUTCOME_KNOWN_UP_TO = 1000;

export interface ShipmentRecipient {
  customerId: number;
  /** The late order the message is about: one per customer in a request (the notices' rounds see to it). */
  shipmentId: number;
  variables: Record<string, unknown>;
}

export interface SentAbout {
  queued: number;
  suppressed: number;
  /** With `each`: the shipment of every message queued or suppressed, with its outcome. */
  outcomes: { shipmentId: number; status: 'queued' | 'suppressed' }[];
}

/**
 * Queues one message per recipient, each about a shipment. With `each`, says which shipment
 * each queued or suppressed message was about — a batch of webhooks answers each sender for
 * the notices its own update caused (decision 052) — and sends in parts small enough for
 * the outbox to tell each recipient's outcome. Without it, one request, as large as it is.
 */
export async function enqueueAboutShipments(tx: Db, ctx: AppContext, request: Omit<BulkMessageRequest, 'recipients'>, recipients: readonly ShipmentRecipient[], each: boolean): Promise<SentAbout> {
  const sent: SentAbout = { queued: 0, suppressed: 0, outcomes: [] };
  const parts = each ? chunks(recipients, OUTCOME_KNOWN_UP_TO) : [recipients];
  for (const part of parts) {
    const summary = await enqueueMessages(tx, ctx, { ...request, recipients: part });
    sent.queued += summary.queued;
    sent.suppressed += summary.suppressed;
    if (!each) continue;
    if (!summary.messages) throw new Error(`the outbox told no outcome per recipient for ${part.length} recipients`);
    const shipmentOf = new Map(part.map((r) => [Number(r.customerId), r.shipmentId]));
    for (const message of summary.messages) {
      const shipmentId = shipmentOf.get(Number(message.customerId));
      if (shipmentId !== undefined && message.status !== 'duplicate') sent.outcomes.push({ shipmentId, status: message.status });
    }
  }
  return sent;
}

function chunks<T>(items: readonly T[], size: number): (readonly T[])[] {
  const parts: (readonly T[])[] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

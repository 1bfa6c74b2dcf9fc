import type { AppContext } from '../../platform/http/context.ts';
import { detectDelays, type DetectionResult } from '../detection/detect-delays.ts';
import { openTrippedIncidents } from '../incidents/incident-tripwire.ts';
import { groupDelaysIntoIncidents } from '../incidents/incidents.ts';
import type { CarrierUpdate } from './carrier-update.ts';
import { ingestCarrierUpdates, type IngestResult, type UpdateCounts } from './ingest-updates.ts';
import { notifyDelayedCustomers, notifyDelayedCustomersEach, type NoticeSummary } from '../notices/notify-delayed-customers.ts';
import { flagCasesAboutDelayedOrders } from '../priority/flag-cases.ts';

export interface Received extends Omit<UpdateCounts, 'shipmentIds'> {
  shipments: number;
  newly_late: number;
  incidents_opened: string[];
  notices: NoticeSummary;
}

/** One update's share of a batch: its own counts, the notices its own update caused; the incidents its batch opened. */
export type ReceivedUpdate = Received;

/**
 * What happens to carrier updates from any source: stored (or kept apart), and the
 * shipments they touched evaluated against the detection rules in the same transaction —
 * so a late order is known the moment its carrier says so; new delays join their cause's
 * open incident, and a carrier whose late share trips opens one. Each customer whose order
 * is late now, or whose late order's status or estimate changed, is told (notices/).
 */
export async function receiveCarrierUpdates(ctx: AppContext, source: string, updates: readonly CarrierUpdate[]): Promise<Received> {
  const { ingest, detection, opened, notices } = await receive(ctx, source, updates, false);
  const { shipmentIds, perUpdate: _perUpdate, ...counts } = ingest;
  return { ...counts, shipments: shipmentIds.length, newly_late: detection.newlyLate.length, incidents_opened: opened, notices: notices.summary };
}

/**
 * The same for a batch of updates from separate senders (update-batcher.ts): one
 * transaction for all, and each update answered with its own counts, the shipments of its
 * own that became late, and the notices and apologies about its shipments. A shipment two
 * updates of the batch touch has its notices counted once, for the first in input order
 * (as a checkpoint both carry is stored by the first).
 */
export async function receiveCarrierUpdatesEach(ctx: AppContext, source: string, updates: readonly CarrierUpdate[]): Promise<ReceivedUpdate[]> {
  const { ingest, detection, opened, notices } = await receive(ctx, source, updates, true);
  const newlyLate = new Set(detection.newlyLate);
  const told = new Set<number>();
  return ingest.perUpdate.map(({ shipmentIds, ...counts }) => {
    const own: NoticeSummary = { considered: 0, queued: 0, suppressed: 0, unreachable: 0, apologies: 0 };
    for (const id of shipmentIds) {
      const about = notices.byShipment.get(id);
      if (!about || told.has(id)) continue;
      told.add(id);
      for (const key of Object.keys(own) as (keyof NoticeSummary)[]) own[key] += about[key];
    }
    return { ...counts, shipments: shipmentIds.length, newly_late: shipmentIds.filter((id) => newlyLate.has(id)).length, incidents_opened: opened, notices: own };
  });
}

interface Receipt {
  ingest: IngestResult;
  detection: DetectionResult;
  opened: string[];
  notices: { summary: NoticeSummary; byShipment: Map<number, NoticeSummary> };
}

async function receive(ctx: AppContext, source: string, updates: readonly CarrierUpdate[], each: boolean): Promise<Receipt> {
  const now = ctx.clock.now();
  const { ingest, detection, notices } = await ctx.db.transaction(async (tx) => {
    const ingest = await ingestCarrierUpdates(tx, now, source, updates);
    const detection: DetectionResult = await detectDelays(tx, now, ingest.shipmentIds);
    if (detection.newlyLate.length) await groupDelaysIntoIncidents(tx);
    const notices = each
      ? await notifyDelayedCustomersEach(tx, ctx, ingest.shipmentIds)
      : { summary: await notifyDelayedCustomers(tx, ctx, ingest.shipmentIds), byShipment: new Map<number, NoticeSummary>() };
    return { ingest, detection, notices };
  });
  const opened = detection.newlyLate.length ? await openTrippedIncidents(ctx.db, ctx.clock) : [];
  if (detection.newlyLate.length) await flagCasesAboutDelayedOrders(ctx);
  return { ingest, detection, opened: opened.map((i) => i.reference), notices };
}

import type { AppContext } from '../../platform/http/context.ts';
import { detectDelays, type DetectionResult } from '../detection/detect-delays.ts';
import { openTrippedIncidents } from '../incidents/incident-tripwire.ts';
import { groupDelaysIntoIncidents } from '../incidents/incidents.ts';
import type { CarrierUpdate } from './carrier-update.ts';
import { ingestCarrierUpdates, type IngestResult, type UpdateCounts } from './ingest-updates.ts';
import { notifyDelayedCustomers, type NoticeSummary } from '../notices/notify-delayed-customers.ts';
import { flagCasesAboutDelayedOrders } from '../priority/flag-cases.ts';

export interface Received extends Omit<UpdateCounts, 'shipmentIds'> {
  shipments: number;
  newly_late: number;
  incidents_opened: string[];
  notices: NoticeSummary;
}

/** One update's share of a batch: its own counts; the incidents its batch opened. Notices are counted per batch, not per update. */
export type ReceivedUpdate = Omit<Received, 'notices'>;

/**
 * What happens to carrier updates from any source: stored (or kept apart), and the
 * shipments they touched evaluated against the detection rules in the same transaction —
 * so a late order is known the moment its carrier says so; new delays join their cause's
 * open incident, and a carrier whose late share trips opens one. Each customer whose order
 * is late now, or whose late order's status or estimate changed, is told (notices/).
 */
export async function receiveCarrierUpdates(ctx: AppContext, source: string, updates: readonly CarrierUpdate[]): Promise<Received> {
  const { ingest, detection, opened, notices } = await receive(ctx, source, updates);
  const { shipmentIds, perUpdate: _perUpdate, ...counts } = ingest;
  return { ...counts, shipments: shipmentIds.length, newly_late: detection.newlyLate.length, incidents_opened: opened, notices };
}

/**
 * The same for a batch of updates from separate senders (update-batcher.ts): one
 * transaction for all, and each update answered with its own counts and the shipments of
 * its own that became late.
 */
export async function receiveCarrierUpdatesEach(ctx: AppContext, source: string, updates: readonly CarrierUpdate[]): Promise<ReceivedUpdate[]> {
  const { ingest, detection, opened } = await receive(ctx, source, updates);
  const newlyLate = new Set(detection.newlyLate);
  return ingest.perUpdate.map(({ shipmentIds, ...counts }) => ({
    ...counts, shipments: shipmentIds.length, newly_late: shipmentIds.filter((id) => newlyLate.has(id)).length, incidents_opened: opened,
  }));
}

async function receive(ctx: AppContext, source: string, updates: readonly CarrierUpdate[]): Promise<{ ingest: IngestResult; detection: DetectionResult; opened: string[]; notices: NoticeSummary }> {
  const now = ctx.clock.now();
  const { ingest, detection, notices } = await ctx.db.transaction(async (tx) => {
    const ingest = await ingestCarrierUpdates(tx, now, source, updates);
    const detection: DetectionResult = await detectDelays(tx, now, ingest.shipmentIds);
    if (detection.newlyLate.length) await groupDelaysIntoIncidents(tx);
    const notices = await notifyDelayedCustomers(tx, ctx, ingest.shipmentIds);
    return { ingest, detection, notices };
  });
  const opened = detection.newlyLate.length ? await openTrippedIncidents(ctx.db, ctx.clock) : [];
  if (detection.newlyLate.length) await flagCasesAboutDelayedOrders(ctx);
  return { ingest, detection, opened: opened.map((i) => i.reference), notices };
}

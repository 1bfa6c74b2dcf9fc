import type { AppContext } from '../../platform/http/context.ts';
import { detectDelays, type DetectionResult } from '../detection/detect-delays.ts';
import { openTrippedIncidents } from '../incidents/incident-tripwire.ts';
import { groupDelaysIntoIncidents } from '../incidents/incidents.ts';
import type { CarrierUpdate } from './carrier-update.ts';
import { ingestCarrierUpdates, type IngestResult } from './ingest-updates.ts';
import { notifyDelayedCustomers, type NoticeSummary } from '../notices/notify-delayed-customers.ts';
import { flagCasesAboutDelayedOrders } from '../priority/flag-cases.ts';

export interface Received extends Omit<IngestResult, 'shipmentIds'> {
  shipments: number;
  newly_late: number;
  incidents_opened: string[];
  notices: NoticeSummary;
}

/**
 * What happens to carrier updates from any source: stored (or kept apart), and the
 * shipments they touched evaluated against the detection rules in the same transaction —
 * so a late order is known the moment its carrier says so; new delays join their cause's
 * open incident, and a carrier whose late share trips opens one. Each customer whose order
 * is late now, or whose late order's status or estimate changed, is told (notices/).
 */
export async function receiveCarrierUpdates(ctx: AppContext, source: string, updates: readonly CarrierUpdate[]): Promise<Received> {
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
  const { shipmentIds, ...counts } = ingest;
  return { ...counts, shipments: shipmentIds.length, newly_late: detection.newlyLate.length, incidents_opened: opened.map((i) => i.reference), notices };
}

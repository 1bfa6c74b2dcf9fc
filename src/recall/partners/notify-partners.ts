import { enqueueContactMessages, enqueueWebhook } from '../../comms/index.ts';
import { RECALL_PARTNER_NOTICE } from '../activation/staff-alerts.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from '../affected.sql.ts';
import { recordReach } from '../reach-record.sql.ts';
import { stockBalance, type StockBalance } from '../stock-balance.ts';
import { partnerReach } from './partner-reach.ts';
import { storeConfirmationUrl } from './store-confirmations.ts';

interface PartnerStore {
  partner: string;
  external_id: string;
  gln: string | null;
  name: string;
  kind: string;
  city: string | null;
  region: string | null;
  lot_code: string;
  gtin: string;
  sold: number;
  received: number;
  shipped: number;
}

/**
 * Per partner (a retail chain, or a distributor on its own), the affected lots at each of
 * its locations: units received and sold, and what is left on its shelves. A chain's notice
 * is built from its own rows only — no partner ever learns another's stores or volumes.
 */
export const PARTNER_STORES_SQL = `WITH ${AFFECTED_LINES_CTE},
  received AS (
    SELECT m.location_id, m.lot_id, sum(m.quantity) FILTER (WHERE e.biz_step = 'receiving')::bigint AS received,
           sum(m.quantity) FILTER (WHERE e.biz_step = 'shipping')::bigint AS shipped
    FROM lot_movements m JOIN supply_events e ON e.id = m.supply_event_id
    WHERE m.lot_id IN (SELECT id FROM affected_lots) AND e.error_declared_at IS NULL AND m.location_id IS NOT NULL
    GROUP BY m.location_id, m.lot_id),
  sold AS (SELECT location_id, lot_id, sum(quantity)::bigint AS sold FROM affected_lines WHERE location_id IS NOT NULL AND lot_id IS NOT NULL GROUP BY location_id, lot_id),
  at_location AS (
    SELECT coalesce(s.location_id, r.location_id) AS location_id, coalesce(s.lot_id, r.lot_id) AS lot_id, coalesce(s.sold, 0) AS sold, coalesce(r.received, 0) AS received,
           coalesce(r.shipped, 0) AS shipped
    FROM sold s FULL JOIN received r ON r.location_id = s.location_id AND r.lot_id = s.lot_id)
  SELECT coalesce(loc.chain, loc.external_id) AS partner, loc.external_id, loc.gln, loc.name, loc.kind, loc.city, loc.region,
         l.lot_code, p.gtin, a.sold, a.received, a.shipped
  FROM at_location a JOIN locations loc ON loc.id = a.location_id JOIN lots l ON l.id = a.lot_id JOIN products p ON p.id = l.product_id
  ORDER BY partner, loc.external_id, p.gtin, l.lot_code`;

export async function partnerStores(db: Db, recallId: number) {
  const rows = await db.query<PartnerStore>(PARTNER_STORES_SQL, [recallId]);
  const byPartner = new Map<string, { partner: string; locations: Map<string, { external_id: string; gln: string | null; name: string; kind: string; city: string | null; region: string | null; lots: ({ gtin: string; lot_code: string } & StockBalance)[] }> }>();
  for (const row of rows) {
    const partner = byPartner.get(row.partner) ?? { partner: row.partner, locations: new Map() };
    const location = partner.locations.get(row.external_id) ?? { external_id: row.external_id, gln: row.gln, name: row.name, kind: row.kind, city: row.city, region: row.region, lots: [] };
    location.lots.push({ gtin: row.gtin, lot_code: row.lot_code, ...stockBalance(Number(row.received), Number(row.shipped), Number(row.sold)) });
    partner.locations.set(row.external_id, location);
    byPartner.set(row.partner, partner);
  }
  return [...byPartner.values()].map((p) => ({ partner: p.partner, locations: [...p.locations.values()] }));
}

/** One lot at one location as the partner's people read it; a missing receipt is said, not shown as 0. */
function lotLine(location: { name: string; gln: string | null }, lot: { gtin: string; lot_code: string } & StockBalance): string {
  const received = lot.received || !lot.without_receipt ? `received ${lot.received}` : 'receipt not recorded';
  const shelf = lot.in_stock === null ? 'on the shelf: unknown, please count' : `on the shelf ${lot.in_stock}`;
  return `${location.name}${location.gln ? ` (GLN ${location.gln})` : ''}: GTIN ${lot.gtin} lot ${lot.lot_code} — ${received}, sold ${lot.sold}, ${shelf}`;
}

/**
 * The recall process's partner step: a signed webhook to every partner with a registered
 * endpoint and an e-mail to its contact, each carrying the recall and that partner's own
 * locations and quantities. Keyed per recall and partner, so the engine's retry never
 * delivers twice. Who is told is decided in partner-reach.ts, as the preview shows it; a
 * partner with neither contact is recorded as unreached (recall_reach) for the dashboard,
 * where a person fixes the contact and resends — `only` limits a resend to those partners.
 */
export async function notifyPartners(tx: Db, ctx: AppContext, recallId: number, only?: ReadonlySet<string>) {
  const [recall] = await tx.query<{ reference: string; title: string; classification: string; reason: string; activated_at: Date | null }>(
    'SELECT reference, title, classification, reason, activated_at FROM recalls WHERE id = $1', [recallId]);
  const lots = await tx.query<{ gtin: string; product: string; lot_code: string; expires_on: string | null }>(
    `WITH ${AFFECTED_LOTS_CTE} SELECT p.gtin, p.name AS product, al.lot_code, al.expires_on::text FROM affected_lots al JOIN products p ON p.id = al.product_id ORDER BY 1, 3`, [recallId]);
  const partners = (await partnerStores(tx, recallId)).filter((p) => !only || only.has(p.partner));
  const decisions = new Map((await partnerReach(tx, partners)).map((d) => [d.partner, d]));
  const endpoints = new Map((await tx.query<{ partner: string; webhook_endpoint_id: number | null }>(
    'SELECT partner, webhook_endpoint_id FROM recall_partners WHERE partner = ANY ($1::text[])', [partners.map((p) => p.partner)])).map((p) => [p.partner, p.webhook_endpoint_id]));
  const summary = { partners: partners.length, notified: 0, emailed: 0, unreached: [] as string[] };
  for (const partner of partners) {
    const decision = decisions.get(partner.partner)!;
    const endpointId = decision.channels.includes('webhook') ? endpoints.get(partner.partner) : null;
    const email = decision.channels.includes('email') ? decision.contact_email : null;
    if (!decision.reached) {
      summary.unreached.push(partner.partner);
      continue;
    }
    const links = new Map(partner.locations.map((l) => [l.external_id, storeConfirmationUrl(ctx, recallId, l.external_id)]));
    if (email) {
      // The same facts for the people at the partner: their locations only, one line per lot.
      // Each location with its own signed link to confirm the removal (issue 16.4).
      const locations = partner.locations.map((l) => [...l.lots.map((lot) => lotLine(l, lot)), `  → confirm the removal at ${l.name}: ${links.get(l.external_id)}`].join('\n')).join('\n');
      const sent = await enqueueContactMessages(tx, ctx, {
        recipients: [{ address: email, name: partner.partner, language: 'en', variables: { reference: recall!.reference, title: recall!.title, classification: recall!.classification, reason: recall!.reason, locations } }],
        templateKey: RECALL_PARTNER_NOTICE, campaign: `recall:${recall!.reference}:partner:${partner.partner}`, reason: 'recall.partner_notice', resource: { type: 'recall', id: recallId }, priority: 90,
      });
      summary.emailed += sent.queued;
    }
    if (!endpointId) {
      summary.notified++;
      continue;
    }
    await enqueueWebhook(tx, ctx, {
      endpointId,
      event: 'recall.partner_notice',
      deliveryKey: `recall:${recall!.reference}:partner:${partner.partner}`,
      reason: 'recall.partner_notice',
      resource: { type: 'recall', id: recallId },
      payload: {
        recall: { reference: recall!.reference, title: recall!.title, classification: recall!.classification, reason: recall!.reason, activated_at: recall!.activated_at },
        lots,
        partner: partner.partner,
        locations: partner.locations.map((l) => ({ ...l, confirm_url: links.get(l.external_id) })),
        action: `Stop selling the listed lots at once, remove them from shelves and confirm per location with the units counted (or none on hand) at its confirm_url or POST /api/recalls/${recallId}/store-confirmations; report units customers return to POST /api/recalls/${recallId}/returns.`,
      },
    });
    summary.notified++;
  }
  await recordReach(tx, ctx.clock, recallId, 'partner', [...decisions.values()].map((d) => ({ name: d.partner, reached: d.reached, channels: d.channels, recipients: d.channels.length, reason: d.reason })));
  return summary;
}

import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { publicUrl } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { signToken, verifyToken } from '../../platform/links/signed-token.ts';
import { normalizeGtin } from '../../data/gs1/index.ts';
import { AFFECTED_LOTS_CTE } from '../affected.sql.ts';
import { partnerStores } from './notify-partners.ts';

export const STORE_CONFIRMATION_PURPOSE = 'recall.store_confirmation';
/** A store link lives as long as a partner may reasonably take to clear its shelves and answer. */
const LINK_DAYS = 30;

/**
 * The signed link in a partner's notice for one of its locations: it opens that store's
 * confirmation for that recall only, and nothing else, until it expires.
 */
export function storeConfirmationUrl(ctx: AppContext, recallId: number, locationExternalId: string): string {
  const expires = new Date(ctx.clock.now().getTime() + LINK_DAYS * 86_400_000);
  const token = signToken(ctx.signingKey, { purpose: STORE_CONFIRMATION_PURPOSE, subject: locationExternalId, recall: recallId }, expires);
  return `${publicUrl(ctx.config)}/p/store-confirm?token=${token}`;
}

/** The recall and store a link opens; refuses a tampered, expired or foreign link without revealing anything. */
export function openStoreLink(ctx: AppContext, token: string): { recallId: number; location: string } {
  const verified = verifyToken(ctx.signingKey, token, STORE_CONFIRMATION_PURPOSE, ctx.clock.now());
  if (!verified.ok) throw new AppError('forbidden', verified.reason === 'expired' ? 'this link has expired' : 'this link is not valid', `link.${verified.reason}`);
  const recallId = Number(verified.payload.recall);
  if (!Number.isInteger(recallId)) throw new AppError('forbidden', 'this link is not valid', 'link.malformed');
  return { recallId, location: verified.payload.subject };
}

export interface RemovalLot {
  gtin: string;
  lot: string;
  quantity: number;
}

export interface StoreConfirmation {
  location: string;
  outcome: 'removed' | 'none_on_hand';
  lots?: RemovalLot[];
  counted_by?: string | null;
  note?: string | null;
}

/** What a store is asked to confirm: its recalled lots with what the records say it holds. */
export async function storeConfirmationView(db: Db, recallId: number, location: string) {
  const [recall] = await db.query<{ reference: string; title: string; classification: string; reason: string; status: string }>(
    'SELECT reference, title, classification, reason, status FROM recalls WHERE id = $1', [recallId]);
  if (!recall) throw new AppError('not_found', 'this recall was not found');
  const store = (await partnerStores(db, recallId)).flatMap((p) => p.locations.map((l) => ({ ...l, partner: p.partner }))).find((l) => l.external_id === location);
  if (!store) throw new AppError('not_found', 'this location is not part of the recall', 'recall.location_not_concerned');
  const [confirmation] = await db.query<{ outcome: string; units_removed: number; confirmed_at: Date; counted_by: string | null }>(
    `SELECT c.outcome, c.units_removed, c.confirmed_at, c.counted_by FROM recall_store_confirmations c JOIN locations loc ON loc.id = c.location_id
     WHERE c.recall_id = $1 AND loc.external_id = $2`, [recallId, location]);
  return {
    recall: { reference: recall.reference, title: recall.title, classification: recall.classification, reason: recall.reason, status: recall.status },
    store: { external_id: store.external_id, name: store.name, gln: store.gln, city: store.city, partner: store.partner },
    lots: store.lots.map((l) => ({ gtin: l.gtin, lot_code: l.lot_code, received: l.received, sold: l.sold, expected_on_hand: l.in_stock })),
    confirmation: confirmation ?? null,
  };
}

/**
 * A store confirms the recalled lots are off its shelves, with the units it counted per lot,
 * or that it had none on hand. Only a location the recall concerns, only the recall's lots;
 * a later confirmation replaces the earlier one (a recount), and both are audited.
 */
export async function confirmStoreRemoval(db: Db, clock: Clock, actor: Actor, via: 'link' | 'api', recallId: number, body: StoreConfirmation) {
  return db.transaction(async (tx) => {
    const [recall] = await tx.query<{ status: string }>('SELECT status FROM recalls WHERE id = $1', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    if (recall.status !== 'active') throw new AppError('conflict', recall.status === 'draft' ? 'the recall is not active yet' : 'the recall is closed', 'recall.not_active');
    const [location] = await tx.query<{ id: number; external_id: string; partner: string }>(
      'SELECT id, external_id, coalesce(chain, external_id) AS partner FROM locations WHERE external_id = $1 OR gln = $1 ORDER BY (external_id = $1) DESC LIMIT 1', [body.location]);
    if (!location) throw new AppError('invalid', `no location "${body.location}"`, 'recall.unknown_location', { errors: [{ field: 'body.location', message: 'unknown location' }] });
    const concerned = (await partnerStores(tx, recallId)).some((p) => p.locations.some((l) => l.external_id === location.external_id));
    if (!concerned) throw new AppError('unprocessable', `location ${location.external_id} holds none of this recall's lots on record`, 'recall.location_not_concerned', { errors: [{ field: 'body.location', message: 'not concerned by this recall' }] });

    const lots = body.lots ?? [];
    const resolved: { lot_id: number; quantity: number }[] = [];
    for (const [index, lot] of lots.entries()) {
      const gtin = normalizeGtin(lot.gtin);
      if (!gtin) throw new AppError('invalid', `"${lot.gtin}" is not a GTIN`, 'recall.bad_gtin', { errors: [{ field: `body.lots.${index}.gtin`, message: 'wrong length or check digit' }] });
      const [blocked] = await tx.query<{ lot_id: number }>(
        `WITH ${AFFECTED_LOTS_CTE} SELECT al.id AS lot_id FROM affected_lots al JOIN products p ON p.id = al.product_id WHERE p.gtin = $2 AND al.lot_code = $3 LIMIT 1`,
        [recallId, gtin, lot.lot.trim()]);
      if (!blocked) throw new AppError('invalid', `GTIN ${gtin} lot ${lot.lot} is not part of this recall`, 'recall.not_recalled', { errors: [{ field: `body.lots.${index}.lot`, message: 'not recalled' }] });
      if (resolved.some((r) => r.lot_id === blocked.lot_id)) throw new AppError('invalid', `lot ${lot.lot} is listed twice`, 'recall.duplicate_lot', { errors: [{ field: `body.lots.${index}.lot`, message: 'listed twice' }] });
      resolved.push({ lot_id: blocked.lot_id, quantity: lot.quantity });
    }
    const units = resolved.reduce((n, r) => n + r.quantity, 0);
    if (body.outcome === 'removed' && units === 0) throw new AppError('invalid', 'say how many units were removed per lot, or report none on hand', 'recall.no_units', { errors: [{ field: 'body.lots', message: 'no units counted' }] });
    if (body.outcome === 'none_on_hand' && units > 0) throw new AppError('invalid', 'none on hand cannot come with removed units', 'recall.units_with_none', { errors: [{ field: 'body.outcome', message: 'units counted' }] });

    const now = clock.now();
    await tx.query('DELETE FROM recall_store_removals WHERE recall_id = $1 AND location_id = $2', [recallId, location.id]);
    if (resolved.length) {
      await tx.query(
        `INSERT INTO recall_store_removals (recall_id, location_id, lot_id, quantity) SELECT $1, $2, lot_id, quantity FROM unnest($3::bigint[], $4::int[]) AS r(lot_id, quantity)`,
        [recallId, location.id, resolved.map((r) => r.lot_id), resolved.map((r) => r.quantity)]);
    }
    const [previous] = await tx.query<{ outcome: string }>('SELECT outcome FROM recall_store_confirmations WHERE recall_id = $1 AND location_id = $2', [recallId, location.id]);
    await tx.query(
      `INSERT INTO recall_store_confirmations (recall_id, location_id, partner, outcome, units_removed, counted_by, note, via, confirmed_by, confirmed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (recall_id, location_id) DO UPDATE SET partner = excluded.partner, outcome = excluded.outcome, units_removed = excluded.units_removed,
         counted_by = excluded.counted_by, note = excluded.note, via = excluded.via, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`,
      [recallId, location.id, location.partner, body.outcome, units, body.counted_by ?? null, body.note ?? null, via, actor.label, now]);
    await recordAudit(tx, actor, { action: previous ? 'recount_removal' : 'confirm_removal', entity: 'recall', entityId: recallId, details: { location: location.external_id, outcome: body.outcome, units, via } });
    return { location: location.external_id, partner: location.partner, outcome: body.outcome, units_removed: units, confirmed_at: now, replaced: Boolean(previous) };
  });
}

export interface PartnerConfirmationStatus {
  partner: string;
  status: 'confirmed' | 'pending' | 'escalated';
  stores: number;
  stores_confirmed: number;
  stores_none_on_hand: number;
  stores_pending: { external_id: string; name: string }[];
  units_delivered: number;
  units_removed: number;
  reminded_at: Date | null;
  escalated_at: Date | null;
  escalated_to: string | null;
}

/**
 * Per partner the recall concerns: its stores confirmed (with units removed or none on hand)
 * and still silent, units removed against units delivered (received, plus what was sold or
 * shipped there without a recorded receipt), and whether the timers reminded or escalated it.
 * Confirmed means every store answered; escalated, that some are silent after the escalation.
 */
export async function partnerConfirmations(db: Db, recallId: number): Promise<PartnerConfirmationStatus[]> {
  const partners = await partnerStores(db, recallId);
  const confirmed = new Map((await db.query<{ external_id: string; outcome: string; units_removed: number }>(
    `SELECT loc.external_id, c.outcome, c.units_removed FROM recall_store_confirmations c JOIN locations loc ON loc.id = c.location_id WHERE c.recall_id = $1`,
    [recallId])).map((c) => [c.external_id, c]));
  const followups = new Map((await db.query<{ partner: string; reminded_at: Date | null; escalated_at: Date | null; escalated_to: string | null }>(
    'SELECT partner, reminded_at, escalated_at, escalated_to FROM recall_partner_followups WHERE recall_id = $1', [recallId])).map((f) => [f.partner, f]));
  return partners.map((p) => {
    const answers = p.locations.map((l) => confirmed.get(l.external_id));
    const pending = p.locations.filter((l) => !confirmed.has(l.external_id)).map((l) => ({ external_id: l.external_id, name: l.name }));
    const followup = followups.get(p.partner);
    return {
      partner: p.partner,
      status: pending.length === 0 ? 'confirmed' : followup?.escalated_at ? 'escalated' : 'pending',
      stores: p.locations.length,
      stores_confirmed: answers.filter((a) => a?.outcome === 'removed').length,
      stores_none_on_hand: answers.filter((a) => a?.outcome === 'none_on_hand').length,
      stores_pending: pending,
      units_delivered: p.locations.flatMap((l) => l.lots).reduce((n, lot) => n + lot.received + lot.without_receipt, 0),
      units_removed: answers.reduce((n, a) => n + Number(a?.units_removed ?? 0), 0),
      reminded_at: followup?.reminded_at ?? null,
      escalated_at: followup?.escalated_at ?? null,
      escalated_to: followup?.escalated_to ?? null,
    };
  });
}

/** The dashboard's figures over all partners. */
export function confirmationSummary(rows: readonly PartnerConfirmationStatus[]) {
  const count = (status: PartnerConfirmationStatus['status']) => rows.filter((r) => r.status === status).length;
  return {
    partners: { confirmed: count('confirmed'), pending: count('pending'), escalated: count('escalated') },
    stores: { total: rows.reduce((n, r) => n + r.stores, 0), answered: rows.reduce((n, r) => n + r.stores_confirmed + r.stores_none_on_hand, 0) },
    units_delivered: rows.reduce((n, r) => n + r.units_delivered, 0),
    units_removed: rows.reduce((n, r) => n + r.units_removed, 0),
  };
}

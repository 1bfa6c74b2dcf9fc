import { Type, type Static } from '@sinclair/typebox';
import { matchLotCode, nearestLotCode, normalizeGtin, readTypedCode } from '../../data/gs1/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { AFFECTED_LOTS_CTE } from '../affected.sql.ts';
import type { PublicLanguage } from './public-recall.ts';

export interface LotCheckQuery {
  /** The one field: a lot as printed, a GTIN, a scanned code or a Digital Link. */
  code?: string;
  /** The product, from the page (a Digital Link) or the second field. */
  gtin?: string;
  /** The lot, from the page (a Digital Link) or the second field. */
  lot?: string;
  /** A serialised unit's serial, from a Digital Link. */
  serial?: string;
  /** The recall page the check is made on: its lots are "this recall". */
  recall?: string;
  lang: PublicLanguage;
}

const Product = Type.Object({ gtin: Type.String(), name: Type.String() });
export const LotCheckAnswerSchema = Type.Object({
  status: Type.Union([
    Type.Literal('recalled'), Type.Literal('not_recalled'), Type.Literal('not_found'),
    Type.Literal('unknown_product'), Type.Literal('need_lot'), Type.Literal('need_gtin'),
  ]),
  product: Type.Optional(Product),
  gtin: Type.Optional(Type.String()),
  /** The lot as printed when it was found, as typed when not. */
  lot: Type.Optional(Type.String()),
  use_by: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  use_by_passed: Type.Optional(Type.Boolean()),
  recall: Type.Optional(Type.Object({ reference: Type.String(), classification: Type.String(), instructions: Type.Union([Type.String(), Type.Null()]), this_recall: Type.Boolean() })),
  /** What "not recalled" was checked against: the page's recall, or every current recall. */
  scope: Type.Optional(Type.Union([Type.Literal('this_recall'), Type.Literal('current_recalls')])),
  suggestion: Type.Optional(Type.Object({ gtin: Type.String(), product: Type.String(), lot: Type.String() })),
  some_lots_recalled: Type.Optional(Type.Boolean()),
});
export type LotCheckAnswer = Static<typeof LotCheckAnswerSchema>;

interface CandidateLot {
  gtin: string;
  product: string;
  lot_code: string;
  expires_on: string | null;
  reference: string | null;
  classification: string | null;
  instructions: Record<string, string> | null;
  this_recall: boolean;
}

interface ScopeProduct {
  id: number;
  gtin: string;
  name: string;
}

/**
 * "Is my product affected?" for a consumer (R6). Three answers, and only three, once the
 * lot is known: recalled (with what to do); a lot Rebound knows that is not part of this
 * recall (or of any current one); or "we could not find this lot" — never "safe", because a
 * lot that was mistyped or is missing from the data may be the recalled one. A typed lot is
 * matched the way the pack prints it (case, separators, leading zeros: data/gs1/lot-code),
 * and a lot not found is offered the nearest recalled lot. What is missing (the lot, or the
 * product when the lot is in no current recall) is asked for, not guessed.
 */
export async function checkLot(db: Db, clock: Clock, query: LotCheckQuery): Promise<LotCheckAnswer> {
  const today = clock.now().toISOString().slice(0, 10);
  const recall = query.recall ? await publicRecallScope(db, query.recall) : null;
  const typed = readCode(query.code, clock.now());
  let gtin = query.gtin ? validGtin(query.gtin) : undefined;
  let lot = query.lot?.trim() || undefined;
  let serial = query.serial;
  let useByOnPack: string | undefined;
  if (typed?.kind === 'code') {
    gtin = typed.identity.gtin;
    lot = typed.identity.lot ?? lot;
    serial = typed.identity.serial ?? serial;
    useByOnPack = typed.identity.expiry;
  } else if (typed?.kind === 'gtin') {
    // Digits typed under a product the page already knows are that product's lot; on a recall
    // page they are the number under the barcode only when a product has it.
    if (gtin || (recall && !(await productByGtin(db, typed.gtin)))) lot = query.code!.trim();
    else gtin = typed.gtin;
  } else if (typed?.kind === 'lot') {
    lot = typed.lot;
  }
  if (!gtin && !lot) throw new AppError('invalid', 'send code (the lot as printed, a GTIN or a scanned code) or gtin with lot', 'lot_check.nothing_to_check', { errors: [{ field: 'querystring.code', message: 'is required' }] });

  let products: ScopeProduct[] | null = null;
  if (gtin) {
    const product = await productByGtin(db, gtin);
    if (!product) return { status: 'unknown_product', gtin };
    products = [product];
  } else if (recall) {
    products = await db.query<ScopeProduct>('SELECT DISTINCT p.id, p.gtin, p.name FROM recall_criteria c JOIN products p ON p.id = c.product_id WHERE c.recall_id = $1', [recall.id]);
  }

  if (serial && products) {
    const [unit] = await db.query<Omit<CandidateLot, 'lot_code' | 'expires_on'>>(
      `SELECT p.gtin, p.name AS product, r.reference, r.classification, r.instructions, r.id = $3 AS this_recall
       FROM stop_sale_blocks b JOIN recalls r ON r.id = b.recall_id JOIN products p ON p.id = b.product_id
       WHERE b.product_id = ANY ($1) AND b.serial = $2 AND b.released_at IS NULL ORDER BY r.classification, r.id LIMIT 1`,
      [products.map((p) => p.id), serial, recall?.id ?? 0],
    );
    if (unit) return recalledAnswer({ ...unit, lot_code: lot ?? serial, expires_on: useByOnPack ?? null }, query.lang, today);
  }

  if (!lot) {
    const product = products![0]!;
    const [recalledLots] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM stop_sale_blocks WHERE product_id = $1 AND lot_id IS NOT NULL AND released_at IS NULL', [product.id]);
    return { status: 'need_lot', product: { gtin: product.gtin, name: product.name }, some_lots_recalled: Number(recalledLots?.n ?? 0) > 0 };
  }

  const candidates = await candidateLots(db, recall?.id ?? 0, products);
  const matches = matchLotCode(lot, candidates, (c) => c.lot_code);
  const recalled = matches.filter((c) => c.reference !== null).sort((a, b) => Number(b.this_recall) - Number(a.this_recall))[0];
  if (recalled) return recalledAnswer(recalled, query.lang, today);
  const known = matches[0];
  if (known && products) {
    return { status: 'not_recalled', product: { gtin: known.gtin, name: known.product }, lot: known.lot_code, ...useBy(known.expires_on, today), scope: recall ? 'this_recall' : 'current_recalls' };
  }
  const near = nearestLotCode(lot, candidates.filter((c) => c.reference !== null && (!recall || c.this_recall)), (c) => c.lot_code);
  const suggestion = near ? { suggestion: { gtin: near.gtin, product: near.product, lot: near.lot_code } } : {};
  if (!products) return { status: 'need_gtin', lot, ...suggestion };
  const product = products.length === 1 ? { product: { gtin: products[0]!.gtin, name: products[0]!.name } } : {};
  return { status: 'not_found', lot, ...product, ...suggestion, ...(useByOnPack ? useBy(useByOnPack, today) : {}) };
}

function readCode(code: string | undefined, now: Date) {
  if (!code?.trim()) return undefined;
  const read = readTypedCode(code, { now });
  if (!read.ok) {
    throw new AppError('invalid', `code: ${read.error.message}`, `lot_check.${read.error.code}`, { errors: [{ field: 'querystring.code', message: read.error.message }] });
  }
  return read.value;
}

function validGtin(text: string): string {
  const gtin = normalizeGtin(text.trim());
  if (!gtin) throw new AppError('invalid', `gtin: "${text}" is not a GTIN with a correct check digit`, 'lot_check.bad_gtin', { errors: [{ field: 'querystring.gtin', message: 'wrong length or check digit' }] });
  return gtin;
}

async function productByGtin(db: Db, gtin: string): Promise<ScopeProduct | undefined> {
  const [product] = await db.query<ScopeProduct>('SELECT id, gtin, name FROM products WHERE gtin = $1', [gtin]);
  return product;
}

async function publicRecallScope(db: Db, reference: string): Promise<{ id: number }> {
  const [recall] = await db.query<{ id: number }>(`SELECT id FROM recalls WHERE reference = $1 AND status <> 'draft'`, [reference]);
  if (!recall) throw new AppError('not_found', `no public recall ${reference}`, 'recall.not_public');
  return recall;
}

/**
 * Every lot the typed one could be: all known lots of the products in scope, or — with no
 * product — every lot a current recall blocks. Each carries the recall that covers it: this
 * page's recall first (its lots as the page lists them, even once it is closed), else a
 * current block by any recall, the most serious first.
 */
async function candidateLots(db: Db, recallId: number, products: ScopeProduct[] | null): Promise<CandidateLot[]> {
  const which = products ? 'l.product_id = ANY ($2)' : 'l.id IN (SELECT lot_id FROM stop_sale_blocks WHERE released_at IS NULL)';
  return db.query<CandidateLot>(
    `WITH ${AFFECTED_LOTS_CTE}
     SELECT p.gtin, p.name AS product, l.lot_code, l.expires_on, r.reference, r.classification, r.instructions, coalesce(r.id = $1, false) AS this_recall
     FROM lots l JOIN products p ON p.id = l.product_id
     LEFT JOIN LATERAL (
       SELECT r.id, r.reference, r.classification, r.instructions FROM recalls r
       WHERE (r.id = $1 AND l.id IN (SELECT id FROM affected_lots))
          OR r.id IN (SELECT b.recall_id FROM stop_sale_blocks b WHERE b.lot_id = l.id AND b.released_at IS NULL)
       ORDER BY r.id = $1 DESC, r.classification, r.id LIMIT 1
     ) r ON true
     WHERE ${which}`,
    products ? [recallId, products.map((p) => p.id)] : [recallId],
  );
}

function recalledAnswer(lot: CandidateLot, lang: PublicLanguage, today: string): LotCheckAnswer {
  return {
    status: 'recalled',
    product: { gtin: lot.gtin, name: lot.product },
    lot: lot.lot_code,
    ...useBy(lot.expires_on, today),
    recall: { reference: lot.reference!, classification: lot.classification!, instructions: lot.instructions?.[lang] ?? lot.instructions?.en ?? null, this_recall: lot.this_recall },
  };
}

/** A passed use-by date is said whatever the recall answer: that pack should not be used either way. */
function useBy(date: string | null, today: string): { use_by: string | null; use_by_passed: boolean } {
  return { use_by: date, use_by_passed: date !== null && date < today };
}

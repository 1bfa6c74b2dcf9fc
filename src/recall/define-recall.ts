import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { normalizeGtin } from '../data/gs1/index.ts';
import { criterionOf, type RecallDefinition } from './recall-definition.ts';

export type RecallRow = {
  id: number;
  reference: string;
  title: string;
  status: 'draft' | 'active' | 'closed';
  classification: 'I' | 'II' | 'III';
  reason: string;
  language: 'en' | 'ru' | 'uk' | 'sv';
  title_translations: Partial<Record<string, string>>;
  reason_translations: Partial<Record<string, string>>;
  regions: string[];
  instructions: Record<string, string>;
  faq: { lang: string; question: string; answer: string }[];
  policy_decision: string;
  recalling_firm: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  activated_at: Date | null;
  all_lots_blocked_at: Date | null;
  closed_at: Date | null;
};

const RECALL_COLUMNS = `id, reference, title, status, classification, reason, language, title_translations, reason_translations, regions, instructions, faq, policy_decision, recalling_firm,
  created_by, created_at, updated_at, activated_at, all_lots_blocked_at, closed_at`;

/** Validates every GTIN of the scope and finds its product; unknown or invalid ones are named. */
async function resolveScope(tx: Db, definition: RecallDefinition) {
  const errors: { field: string; message: string }[] = [];
  const gtins = definition.scope.map((s, i) => {
    const gtin = normalizeGtin(s.gtin);
    if (!gtin) errors.push({ field: `body.scope.${i}.gtin`, message: `"${s.gtin}" has a wrong check digit` });
    return gtin;
  });
  const known = await tx.query<{ id: number; gtin: string }>('SELECT id, gtin FROM products WHERE gtin = ANY($1)', [gtins.filter(Boolean)]);
  const idOf = new Map(known.map((p) => [p.gtin, p.id]));
  const criteria = definition.scope.flatMap((scope, i) => {
    const gtin = gtins[i];
    if (!gtin) return [];
    const productId = idOf.get(gtin);
    if (productId === undefined) {
      errors.push({ field: `body.scope.${i}.gtin`, message: `no product with GTIN ${gtin}` });
      return [];
    }
    return [{ product_id: productId, ...criterionOf(scope) }];
  });
  if (errors.length) throw new AppError('invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), 'recall.scope', { errors });
  return criteria;
}

async function writeCriteria(tx: Db, recallId: number, criteria: Awaited<ReturnType<typeof resolveScope>>) {
  await tx.query('DELETE FROM recall_criteria WHERE recall_id = $1', [recallId]);
  await tx.query(
    `INSERT INTO recall_criteria (recall_id, product_id, kind, lot_codes, lot_from, lot_to, date_from, date_to, serials)
     SELECT $1, r.product_id, r.kind, r.lot_codes, r.lot_from, r.lot_to, r.date_from, r.date_to, r.serials
     FROM jsonb_to_recordset($2::jsonb) AS r(product_id bigint, kind text, lot_codes text[], lot_from text, lot_to text,
          date_from date, date_to date, serials text[])`,
    [recallId, JSON.stringify(criteria)],
  );
}

/** Defines a recall as a draft (R1); nothing is blocked or sent until it is activated. */
export async function defineRecall(db: Db, clock: Clock, actor: Actor, definition: RecallDefinition): Promise<RecallRow> {
  return db.transaction(async (tx) => {
    const criteria = await resolveScope(tx, definition);
    const year = clock.now().getUTCFullYear();
    // One reference sequence per year; the advisory lock keeps two managers from drawing the same number.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rebound.recall.reference'))`);
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM recalls WHERE reference LIKE $1`, [`RC-${year}-%`]);
    const [recall] = await tx.query<RecallRow>(
      `INSERT INTO recalls (reference, title, classification, reason, regions, instructions, faq, policy_decision, recalling_firm, created_by, created_at, updated_at,
                            language, title_translations, reason_translations)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14) RETURNING ${RECALL_COLUMNS}`,
      [
        `RC-${year}-${String(n + 1).padStart(4, '0')}`,
        definition.title,
        definition.classification,
        definition.reason,
        definition.regions ?? [],
        JSON.stringify(definition.instructions ?? {}),
        JSON.stringify(definition.faq ?? []),
        definition.policy_decision ?? 'recall-compensation',
        definition.recalling_firm ?? null,
        actor.label,
        clock.now(),
        definition.language ?? 'en',
        JSON.stringify(definition.title_translations ?? {}),
        JSON.stringify(definition.reason_translations ?? {}),
      ],
    );
    await writeCriteria(tx, recall!.id, criteria);
    await recordAudit(tx, actor, { action: 'create', entity: 'recall', entityId: recall!.id, details: { reference: recall!.reference, scope: definition.scope.length } });
    return recall!;
  });
}

/** Replaces a draft's definition; an active or closed recall is history and cannot change. */
export async function redefineRecall(db: Db, clock: Clock, actor: Actor, id: number, definition: RecallDefinition): Promise<RecallRow> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ status: string }>('SELECT status FROM recalls WHERE id = $1 FOR UPDATE', [id]);
    if (!current) throw new AppError('not_found', `recall ${id} was not found`);
    if (current.status !== 'draft') throw new AppError('conflict', `recall ${id} is ${current.status}; only a draft can be changed`, 'recall.not_draft');
    const criteria = await resolveScope(tx, definition);
    const [recall] = await tx.query<RecallRow>(
      `UPDATE recalls SET title = $2, classification = $3, reason = $4, regions = $5, instructions = $6, faq = $7,
         policy_decision = $8, recalling_firm = $9, updated_at = $10, language = $11, title_translations = $12, reason_translations = $13
       WHERE id = $1 RETURNING ${RECALL_COLUMNS}`,
      [id, definition.title, definition.classification, definition.reason, definition.regions ?? [], JSON.stringify(definition.instructions ?? {}),
        JSON.stringify(definition.faq ?? []), definition.policy_decision ?? 'recall-compensation', definition.recalling_firm ?? null, clock.now(),
        definition.language ?? 'en', JSON.stringify(definition.title_translations ?? {}), JSON.stringify(definition.reason_translations ?? {})],
    );
    await writeCriteria(tx, id, criteria);
    await recordAudit(tx, actor, { action: 'update', entity: 'recall', entityId: id, details: { scope: definition.scope.length } });
    return recall!;
  });
}

export async function getRecall(db: Db, id: number): Promise<RecallRow & { scope: unknown[] }> {
  const [recall] = await db.query<RecallRow>(`SELECT ${RECALL_COLUMNS} FROM recalls WHERE id = $1`, [id]);
  if (!recall) throw new AppError('not_found', `recall ${id} was not found`);
  const scope = await db.query(
    `SELECT p.gtin, p.name AS product_name, c.kind, c.lot_codes, c.lot_from, c.lot_to, c.date_from, c.date_to, c.serials
     FROM recall_criteria c JOIN products p ON p.id = c.product_id WHERE c.recall_id = $1 ORDER BY c.id`,
    [id],
  );
  return { ...recall, scope };
}

export async function listRecalls(db: Db, filter: { status?: string; limit: number; offset: number }) {
  const items = await db.query<RecallRow>(
    `SELECT ${RECALL_COLUMNS} FROM recalls WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [filter.status ?? null, filter.limit, filter.offset],
  );
  const [total] = await db.query<{ n: number }>('SELECT count(*) AS n FROM recalls WHERE ($1::text IS NULL OR status = $1)', [filter.status ?? null]);
  return { items, total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
}
